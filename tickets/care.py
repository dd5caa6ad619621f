"""Care checks for the reply composer (P6, P15): what the customer asked."""

import re

# A question: a run of text ending in "?", not split inside "e.g." or URLs.
QUESTION = re.compile(r"[^.!?\n]*\?")
QUOTED_LINE = re.compile(r"^\s*>")


def find_questions(text: str) -> list[str]:
    """The questions in a customer's message, in order, without quoted lines."""
    own = "\n".join(line for line in text.splitlines() if not QUOTED_LINE.match(line))
    questions = []
    for match in QUESTION.finditer(own):
        question = " ".join(match.group().split())
        if len(question) > 3 and question not in questions:
            questions.append(question)
    return questions
