"""Domain errors become problems with the status the issue names and a stable type per rule."""

from __future__ import annotations

from domain import errors
from gateways.entrypoints.http.problem_map import domain_problem, title_of


def test_an_unknown_id_is_404_typed_by_its_rule() -> None:
    problem = domain_problem(errors.ProgramNotFound("program x not found"))
    assert (problem.status, problem.type) == (
        404,
        "https://mentoring.example/problems/program-not-found",
    )


def test_a_stale_version_is_409_and_names_the_current_version() -> None:
    problem = domain_problem(errors.VersionConflict("stale", current_version=4))
    assert (problem.status, problem.rule, problem.current_version) == (409, "version-conflict", 4)


def test_a_rule_refused_by_the_current_state_is_409() -> None:
    problem = domain_problem(errors.MentorAtCapacity("full"))
    assert (problem.status, problem.rule) == (409, "mentor-at-capacity")


def test_a_rule_that_judges_only_the_input_is_422() -> None:
    assert domain_problem(errors.InvalidValue("score 7")).status == 422


def test_the_detail_is_the_domain_message() -> None:
    assert domain_problem(errors.MentorUntrained("train first")).detail == "train first"


def test_titles_read_as_words() -> None:
    assert title_of(errors.MentorAtCapacity) == "Mentor at capacity"


def every_domain_error() -> list[type[errors.DomainError]]:
    found, todo = [], [errors.DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_domain_error_is_a_403_404_409_or_422_typed_by_its_own_rule() -> None:
    for cls in every_domain_error():
        error = errors.VersionConflict("x", 1) if cls is errors.VersionConflict else cls("x")
        problem = domain_problem(error)
        assert problem.status in (403, 404, 409, 422)
        assert problem.type.endswith("/" + cls.rule)


def test_a_refusal_of_who_acts_is_403_typed_by_its_rule() -> None:
    problem = domain_problem(errors.NotAParticipant("E3 is not in this mentorship"))
    assert (problem.status, problem.rule) == (403, "not-a-participant")
