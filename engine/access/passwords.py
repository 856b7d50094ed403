"""What makes a password acceptable: long enough, and not guessable by the patterns attackers
try first (words, names, keyboard walks, repeats, dates, l33t), as zxcvbn (Dropbox's strength
estimator, maintained on PyPI) scores it. `aaaaaaaaaa` is ten characters and scores 0."""

from __future__ import annotations

from zxcvbn import zxcvbn

from forms.messages import Message, message

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# zxcvbn's scale: 0 too guessable … 4 very unguessable; 3 resists an offline attack on a slow
# hash (about 10^10 guesses), which argon2 is.
MIN_SCORE = 3
# zxcvbn's work grows with the length; what follows the first 100 characters only adds strength.
_SCORED_LENGTH = 100


def password_problem(password: str, user_inputs: list[str]) -> Message | None:
    """Why `password` is refused (in words a user can act on), or None. `user_inputs`: the user
    name, role and region, which a password must not lean on."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return message("user.password_short", limit=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return message("user.password_long", limit=MAX_PASSWORD_LENGTH)
    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=[i for i in user_inputs if i])
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    hints = [feedback.get("warning") or "", *feedback.get("suggestions", [])]
    why = " ".join(hint.rstrip(".") + "." for hint in hints if hint)
    # zxcvbn's hints are English only: the Albanian message leads them with its own words.
    return message("user.password_guessable", hints=why) if why else message("user.password_easy")
