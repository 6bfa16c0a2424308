"""The synthetic world: deterministic, realistic in size and kinds, carrying its stated effect."""

from __future__ import annotations

from domain.vocabulary import EndReason
from gateways.demo.world.engine import day_of
from gateways.demo.world.params import WorldParams
from gateways.demo.world.simulate import World, simulate
from gateways.entrypoints.hris.contract import Hired, Left
from services.enrolment import AcceptNomination, DeclineNomination
from services.mentorships import EndMentorship


def test_the_same_seed_gives_the_same_timeline(small_world: World) -> None:
    again = simulate(WorldParams(seed=11, employees=400))
    assert again.timeline == small_world.timeline


def test_another_seed_gives_another_timeline(small_world: World) -> None:
    other = simulate(WorldParams(seed=12, employees=400))
    assert other.timeline != small_world.timeline


def test_the_initial_workforce_has_the_requested_headcount(small_world: World) -> None:
    first_day = small_world.params.start
    initial = [
        s
        for s in small_world.timeline
        if isinstance(s, Hired) and s.type == "hired" and s.effective_date < first_day
    ]
    assert len(initial) == 400


def test_the_default_world_has_about_two_thousand_employees_over_three_years(
    default_world: World,
) -> None:
    assert default_world.params.employees == 2000
    assert default_world.params.months == 36
    assert 2500 < default_world.people < 4000


def test_every_hris_message_type_occurs(small_world: World) -> None:
    counts = small_world.counts()
    kinds = ("hired", "rehired", "left", "promoted", "transferred", "manager_changed")
    for kind in (*kinds, "performance_rated"):
        assert counts[kind] > 0, kind


def test_exits_are_voluntary_involuntary_and_retirements(default_world: World) -> None:
    reasons = {s.reason for s in default_world.timeline if isinstance(s, Left)}
    assert reasons == {"voluntary", "involuntary", "retirement"}


def test_every_kind_of_program_command_occurs(default_world: World) -> None:
    counts = default_world.counts()
    kinds = (
        "LaunchProgram",
        "OpenRound",
        "CloseRound",
        "CloseProgram",
        "VolunteerAsMentor",
        "NominateMentor",
        "AcceptNomination",
        "DeclineNomination",
        "CompleteMentorTraining",
        "EnrolMentee",
        "MakeRequest",
        "AcceptRequest",
        "DeclineRequest",
        "ExpireRequest",
        "WithdrawRequest",
        "AssignPair",
        "AnswerKickoff",
        "SetGoal",
        "AchieveGoal",
        "HoldSession",
        "FileMemo",
        "AnswerSurvey",
        "EndMentorship",
        "RecordSuccessStory",
    )
    for kind in kinds:
        assert counts[kind] > 0, kind


def test_some_nominations_are_declined(default_world: World) -> None:
    counts = default_world.counts()
    assert counts[DeclineNomination.__name__] > 0
    assert counts[AcceptNomination.__name__] > 0


def test_some_mentorships_end_without_fault(default_world: World) -> None:
    ends = [s for s in default_world.timeline if isinstance(s, EndMentorship)]
    assert {s.reason for s in ends} == {EndReason.COMPLETED, EndReason.NO_FAULT}


def test_the_timeline_is_in_date_order_after_the_initial_workforce(small_world: World) -> None:
    after_the_load = small_world.timeline[small_world.params.employees :]
    days = [day_of(s) for s in after_the_load]
    assert days == sorted(days)
    assert days[0] >= small_world.params.start


def test_the_initial_workforce_is_loaded_before_anything_else(small_world: World) -> None:
    loaded = small_world.timeline[: small_world.params.employees]
    assert all(isinstance(s, Hired) and s.effective_date < small_world.params.start for s in loaded)


def test_the_ids_the_world_gives_depend_only_on_the_seed(small_world: World) -> None:
    again = simulate(WorldParams(seed=11, employees=400))
    other = simulate(WorldParams(seed=12, employees=400))
    first = next(s for s in small_world.timeline if type(s).__name__ == "LaunchProgram")
    assert first == next(s for s in again.timeline if type(s).__name__ == "LaunchProgram")
    assert first != next(s for s in other.timeline if type(s).__name__ == "LaunchProgram")


def test_resignations_after_mentoring_run_near_the_stated_factor(default_world: World) -> None:
    assert 0.4 < default_world.truth.observed_factor < 0.85


def test_without_an_effect_the_observed_factor_is_near_one() -> None:
    worlds = [
        simulate(WorldParams(seed=seed, effect_factor=1.0, employees=1000)) for seed in (1, 2, 3)
    ]
    observed = sum(w.truth.observed for w in worlds)
    expected = sum(w.truth.expected_without_effect for w in worlds)
    assert 0.8 < observed / expected < 1.2


def test_people_who_join_were_more_engaged_to_begin_with(default_world: World) -> None:
    assert default_world.selection_gap > 0.2


def test_the_stated_effect_is_described_for_the_report() -> None:
    assert "0.6" in WorldParams().describe()
