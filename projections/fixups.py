"""Set-based fix-ups after a batch, for facts an event states only by reference.

The round of a new mentorship comes from its request, else from the mentee's enrolment; a
withdrawn request closes the answer of the mentor it was addressed to.
"""

from __future__ import annotations

ROUNDS = [
    """
UPDATE mentorships SET round_no = src.round_no FROM (
    SELECT m.mentorship_id, COALESCE(r.round_no, e.round_no) AS round_no
    FROM mentorships m
    LEFT JOIN requests r ON r.request_id = m.request_id
    LEFT JOIN mentee_enrolments e ON e.program_id = m.program_id AND e.mentee_id = m.mentee_id
    WHERE m.round_no IS NULL AND m.mentorship_id IN (SELECT mentorship_id FROM new_mentorships)
) src
WHERE mentorships.mentorship_id = src.mentorship_id AND src.round_no IS NOT NULL
""",
    """
UPDATE participations SET round_no = m.round_no FROM mentorships m
WHERE participations.round_no IS NULL AND participations.mentorship_id = m.mentorship_id
  AND m.round_no IS NOT NULL
  AND m.mentorship_id IN (SELECT mentorship_id FROM new_mentorships)
""",
]

WITHDRAWALS = [
    """
UPDATE request_answers SET answer = 'withdrawn', answered_on = r.outcome_on FROM requests r
WHERE request_answers.request_id = r.request_id AND request_answers.mentor_id = r.mentor_id
  AND r.outcome = 'withdrawn' AND request_answers.answer = 'pending'
""",
]
