"""The knobs of the synthetic world, with the effect it carries stated up front."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WorldParams:
    """Size, dates and the causal story of the synthetic organisation.

    The world carries a known effect: from the start of a person's first mentorship (as mentee
    or mentor) onward, their monthly voluntary exit hazard is multiplied by ``effect_factor``.
    It also carries a selection effect: a latent engagement trait lowers the hazard by
    ``exp(-engagement_on_exit * z)`` and raises the odds of joining a program by
    ``exp(selection_strength * z)``, so joiners were already less likely to leave.
    Performance ratings (half-yearly) carry a known effect too: each year of mentoring raises a
    person's latent rating by ``performance_effect`` points (on a 1-5 scale), and engagement
    raises it by ``performance_engagement * z`` a year whether or not they join.
    """

    seed: int = 7
    employees: int = 2000
    start: date = date(2023, 1, 1)
    months: int = 36
    effect_factor: float = 0.6
    selection_strength: float = 1.0
    engagement_on_exit: float = 0.5
    voluntary_monthly: float = 0.012
    involuntary_monthly: float = 0.0025
    promotion_monthly: float = 0.01
    transfer_monthly: float = 0.003
    manager_change_monthly: float = 0.005
    rehire_monthly: float = 0.01
    growth_monthly: float = 0.002
    performance_effect: float = 0.6
    """Rise of the latent performance rating (points on a 1-5 scale) per year of mentoring."""
    performance_engagement: float = 0.1
    """Rise of the latent rating per year for each unit of engagement z (the selection)."""

    @property
    def end(self) -> date:
        """The last day simulated."""
        from gateways.demo.world.dates import add_months

        return add_months(self.start, self.months)

    def describe(self) -> str:
        """The effect and the selection, in one sentence for the report."""
        return (
            f"Mentoring multiplies the monthly voluntary exit hazard by {self.effect_factor:g} "
            f"from a person's first mentorship on; engagement z~N(0,1) multiplies the hazard by "
            f"exp(-{self.engagement_on_exit:g}·z) and the odds of joining by "
            f"exp({self.selection_strength:g}·z). Each year of mentoring raises the latent "
            f"performance rating by {self.performance_effect:g} points on a 1–5 scale "
            f"(engagement by {self.performance_engagement:g}·z a year)."
        )
