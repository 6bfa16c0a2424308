"""HR dynamics, month by month: exits, hires, rehires, promotions, transfers, manager changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from gateways.demo.world import hris
from gateways.demo.world.dates import add_months, day_in_month
from gateways.demo.world.engine import Sim
from gateways.demo.world.hazards import is_exposed, retirement_hazard, voluntary_hazard
from gateways.demo.world.people import DEPARTMENTS, Person, pick
from gateways.demo.world.reviews import Reviews
from gateways.demo.world.workforce import new_person

LeaveListener = Callable[[Person], None]


class HumanResources:
    """Schedules each month's HR facts and publishes them through the HRIS contract."""

    def __init__(self, sim: Sim) -> None:
        self.sim = sim
        self.leave_listeners: list[LeaveListener] = []
        self.leavers_last_month = 0
        self.reviews = Reviews(sim)

    def start(self) -> None:
        """Schedule the first of every simulated month."""
        for month in range(self.sim.params.months):
            first = add_months(self.sim.params.start, month)
            self.sim.at(first, lambda first=first: self.month(first))  # type: ignore[misc]

    def month(self, first: date) -> None:
        """Draw this month's exits and changes for everyone, then its hires and rehires."""
        sim, params, rng = self.sim, self.sim.params, self.sim.rng
        self.reviews.month(first)
        leavers, executives = 0, set(sim.roster.executives)
        for person in sim.roster.employed():
            person.age += 1 / 12
            if person.leaving_on is not None or person.hris_id in executives:
                continue
            if self._draw_exit(person, first):
                leavers += 1
                continue
            if person.level < 6 and rng.random() < params.promotion_monthly * (
                1 + 0.3 * person.engagement
            ):
                sim.at(day_in_month(rng, first), lambda p=person: self.promote(p))  # type: ignore[misc]
            elif rng.random() < params.transfer_monthly:
                sim.at(day_in_month(rng, first), lambda p=person: self.transfer(p))  # type: ignore[misc]
            elif rng.random() < params.manager_change_monthly:
                sim.at(day_in_month(rng, first), lambda p=person: self.change_manager(p))  # type: ignore[misc]
        headcount = len(sim.roster.employed())
        hires = self.leavers_last_month + round(
            params.growth_monthly * headcount + rng.random() - 0.5
        )
        for _ in range(max(0, hires)):
            sim.at(day_in_month(rng, first, earliest=1), self.hire)
        for person in self._rehire_candidates(first):
            sim.at(day_in_month(rng, first), lambda p=person: self.rehire(p))  # type: ignore[misc]
        self.leavers_last_month = leavers

    def _draw_exit(self, person: Person, first: date) -> bool:
        sim, params, rng = self.sim, self.sim.params, self.sim.rng
        voluntary = voluntary_hazard(params, person, first)
        retire = retirement_hazard(person)
        involuntary = params.involuntary_monthly
        exposed = is_exposed(person, first)
        u = rng.random()
        reason = None
        if u < retire:
            reason = "retirement"
        elif u < retire + involuntary:
            reason = "involuntary"
        elif u < retire + involuntary + voluntary:
            reason = "voluntary"
        self._tally(exposed, voluntary, reason == "voluntary")
        if reason is None:
            return False
        person.leaving_on = day_in_month(rng, first)
        sim.roster.refresh(person)
        sim.at(person.leaving_on, lambda: self.leave(person, str(reason)))
        return True

    def _tally(self, exposed: bool, hazard: float, resigned: bool) -> None:
        truth = self.sim.truth
        if exposed:
            truth.exposed_months += 1
            truth.expected_without_effect += hazard / self.sim.params.effect_factor
            truth.observed += resigned
        else:
            truth.unexposed_months += 1
            truth.unexposed_exits += resigned

    def _rehire_candidates(self, first: date) -> list[Person]:
        rng = self.sim.rng
        return [
            p
            for p in self.sim.roster.people.values()
            if p.left_on is not None
            and p.leave_reason == "voluntary"
            and 120 < (first - p.left_on).days < 720
            and rng.random() < self.sim.params.rehire_monthly
        ]

    def leave(self, person: Person, reason: str) -> None:
        """The person leaves today; their reports move to another manager the same day."""
        sim = self.sim
        person.left_on, person.leave_reason, person.leaving_on = sim.today, reason, None
        sim.roster.refresh(person)
        hris.left(sim, person, reason)
        for listener in self.leave_listeners:
            listener(person)
        self._reassign_reports(person)

    def _reassign_reports(self, person: Person) -> None:
        roster = self.sim.roster
        for report_id in list(roster.reports.get(person.hris_id, {})):
            report = roster.people[report_id]
            if not report.employed:
                continue
            roster.set_manager(
                report, roster.choose_manager(self.sim.rng, report.department, report.level)
            )
            hris.manager_changed(self.sim, report)

    def promote(self, person: Person) -> None:
        """Raise the person's level; find a more senior manager if theirs is no longer above."""
        if not person.available_on(self.sim.today) or person.level >= 6:
            return
        person.level += 1
        self.sim.roster.refresh(person)
        hris.promoted(self.sim, person)
        manager = self.sim.roster.people.get(person.manager or "")
        if manager is not None and manager.level <= person.level:
            self.change_manager(person)

    def transfer(self, person: Person) -> None:
        """Move an individual contributor to another department, under a manager there."""
        roster, rng = self.sim.roster, self.sim.rng
        if not person.available_on(self.sim.today) or roster.reports.get(person.hris_id):
            return
        others = {d: w for d, w in DEPARTMENTS.items() if d != person.department}
        person.department = str(pick(rng, others))
        roster.refresh(person)
        hris.transferred(self.sim, person)
        self.change_manager(person)

    def change_manager(self, person: Person) -> None:
        """Give the person another manager in their department."""
        roster = self.sim.roster
        if not person.available_on(self.sim.today):
            return
        candidate = roster.choose_manager(self.sim.rng, person.department, person.level)
        if candidate in (person.manager, person.hris_id):
            return
        roster.set_manager(person, candidate)
        hris.manager_changed(self.sim, person)

    def hire(self) -> None:
        """Hire someone new, mostly at junior levels."""
        sim, rng = self.sim, self.sim.rng
        department = str(pick(rng, DEPARTMENTS))
        level = rng.choices([1, 2, 3, 4, 5], weights=[50, 28, 14, 6, 2])[0]
        person = new_person(sim, department, level, sim.today)
        person.age = min(person.age, 45.0)
        sim.roster.set_manager(person, sim.roster.choose_manager(rng, department, level))
        hris.hired(sim, person)

    def rehire(self, person: Person) -> None:
        """Hire a former employee again, in their old department and level."""
        sim = self.sim
        if person.employed:
            return
        person.left_on, person.leave_reason, person.hired_on = None, None, sim.today
        sim.roster.refresh(person)
        sim.roster.set_manager(
            person, sim.roster.choose_manager(sim.rng, person.department, person.level)
        )
        hris.rehired(sim, person)
