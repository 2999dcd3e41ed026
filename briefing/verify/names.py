"""Names in a statement, and whether its evidence has them, across German and English.

A name is a person, place, organisation or acronym: in English a capitalised word not at
the start of a sentence (or before a reporting verb), an acronym, or a run of capitalised
words; in German, where every noun is capitalised, only acronyms, words with inner
capitals or digits, names from the exonym table, runs of capitalised words that are not
common nouns, and a word beside a reporting verb ("Rutte sagte"). A name is found in the
evidence regardless of case, umlauts (ä = a = ae, ß = ss), transliteration (Selenskyj =
Zelensky), inflection (Ruttes, NATO-Staaten) and exonyms (Brussels = Brüssel), from
`data/exonyms.txt`, but never inside a longer listed name of something else (Niger is not
found in Nigeria, Sudan not in South Sudan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.text.names import data_lines, exonym_index, fold
from briefing.text.terms import stop_words, terms
from briefing.verify.numbers import ID_LIKE

# Names this long also match longer words they begin (Kreml → Kremlchef, Putin → Putins);
# shorter ones only with a plural or genitive s (EU → EUs, never Euro).
NAME_PREFIX_MIN_LETTERS = 4
NOUN_CAPITALISING_LANGUAGES = {"de", "lb"}  # where a capitalised word alone is no name
GERMAN_NOUN_ENDINGS = ("ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften",
                       "tion", "tionen", "tät", "täten", "ismus", "nis", "nisse", "tum", "ling", "linge")  # fmt: skip
GERMAN_DETERMINERS = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "im", "am", "zum",
    "zur", "vom", "beim", "ins", "ans", "dieser", "diese", "dieses", "diesem", "diesen", "jeder", "jede", "jedes",
    "jedem", "jeden", "sein", "seine", "seinen", "seinem", "seiner", "seines", "ihr", "ihre", "ihren", "ihrem",
    "ihrer", "ihres", "unser", "unsere", "unseren", "unserem", "unserer",
}  # fmt: skip
SENTENCE_OPENERS = set(".!?:;\"“”„«»‘'(–—•*")
ABBREVIATIONS = {"dr", "prof", "mr", "mrs", "ms", "st", "nr", "vs", "ca", "bzw", "jr", "sr", "gen", "sen"}
SHORT_WORD_ENDING = r"(?:e[mnrs]?|s)?(?!\w)"  # of a word of 3 letters or fewer in a name of several words
NAME_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
DOTTED_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}")


def names_in(text: str, language: str | None) -> list[str]:
    """The names in `text` that the evidence must contain (rule 3), each once.

    Anywhere: names in data/exonyms.txt, acronyms (NATO), words with an inner capital or a
    digit (McAllister, G7, F-35). English: capitalised words, no stop words, not opening a
    sentence or quote or following a colon (a first word only before a reporting verb:
    "Scholz said"); none in Title Case. German, where all nouns are capitalised: runs of 2+
    capitalised words without stop words or noun endings (-ung, -tion, …), not opening a
    sentence unless with a role ("Außenminister Johann Wadephul"), and a capitalised word
    beside a reporting verb ("Rutte sagte"). Roles (data/name_cues.txt) are never names.
    """
    names, text = _known_phrases(_undot(text))
    tokens = _tokens(text, language)
    german = language in NOUN_CAPITALISING_LANGUAGES
    names += _german_names(tokens) if german else _english_names(tokens, _is_title_case(text, tokens))
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class _Token:
    text: str  # without a possessive 's
    at_start: bool  # begins a sentence, or follows a colon or an opening quote
    after_space: bool  # only white space since the token before


def _tokens(text: str, language: str | None) -> list[_Token]:
    tokens, previous_end = [], None
    for match in NAME_TOKEN.finditer(text):
        gap = text[previous_end : match.start()] if previous_end is not None else ""
        word = re.sub(r"['’]s?$", "", match.group())
        tokens.append(_Token(word, _at_sentence_start(text[: match.start()], language), gap.isspace()))
        previous_end = match.end()
    return tokens


def _at_sentence_start(before: str, language: str | None) -> bool:
    before = before.rstrip()
    if not before:
        return True
    if before[-1] not in SENTENCE_OPENERS:
        return False
    dotted = re.search(r"(\w*)\.$", before)
    if dotted is None:  # a colon, a quote, a dash
        return True
    word = dotted.group(1)  # a dot ends a sentence, except after "Dr", "z. B." or German "3."
    german_ordinal = word.isdigit() and language in NOUN_CAPITALISING_LANGUAGES
    return not (len(word) == 1 or word.lower() in ABBREVIATIONS or german_ordinal)


def _english_names(tokens: list[_Token], title_case: bool) -> list[str]:
    names = []
    for token, following in zip(tokens, [*tokens[1:], None]):
        # "Scholz said": a sentence's first word is a name before a reporting verb (not "Officials said")
        opens_name = following is not None and _is_reporting_verb(following) and not token.text.endswith("s")
        parts = _parts(token)
        names += [part for part, at_start in parts if _is_english_name(part, at_start and not opens_name, title_case)]
    return names


def _is_english_name(word: str, at_start: bool, title_case: bool) -> bool:
    if not any(char.isalpha() for char in word) or _is_role(word, "en"):
        return False
    if _looks_like_id(word):
        return True
    stop = word.lower() in stop_words("en")
    if _is_known(word) and word[0].isupper():
        return not (at_start and stop)
    return word[0].isupper() and not (stop or title_case or at_start)


def _german_names(tokens: list[_Token]) -> list[str]:
    stop = stop_words("de")
    parts = [part for token in tokens for part in _parts(token)]
    names = [word for word, at_start in parts if _looks_like_id(word) or _is_known_in_german(word, at_start, stop)]
    for run in (run for run in _capitalised_runs(tokens, stop) if len(run) > 1):
        names += [part for token in run for part, _ in _parts(token) if not _is_role(part, "de")]
    for before, token, after in zip([None, *tokens], tokens, [*tokens[1:], None]):  # "Rutte sagte", "sagte Rutte"
        beside_verb = any(other is not None and _is_reporting_verb(other) for other in (before, after))
        # after a genitive ("Zu Rubios Fernbleiben sagte"), not an article ("von der Leyen warnte")
        common = before is not None and _opens_a_common_noun(before) and before.text.lower() not in GERMAN_DETERMINERS
        if beside_verb and not common and _is_plain_capitalised(token, stop) and not _is_role(token.text, "de"):
            names.append(token.text)
    return names


def _is_known_in_german(word: str, at_start: bool, stop: frozenset[str]) -> bool:
    return _is_known(word) and word[0].isupper() and not (at_start and word.lower() in stop)


def _capitalised_runs(tokens: list[_Token], stop: frozenset[str]):
    """Runs of capitalised words joined by spaces; a sentence opens one only with a role word.
    A word is a common noun, and no part of a run, after an article ("der Anteil"), an
    article and an adjective ("eine ganze Menge"), a genitive ("Ruttes Worten") or a place
    adjective ("Brüsseler Außenministertreffen")."""
    run: list[_Token] = []
    for earlier, previous, token in zip([None, None, *tokens], [None, *tokens], tokens):
        fits = _is_plain_capitalised(token, stop) and (not token.at_start or _is_role(token.text, "de"))
        common = previous is not None and (_opens_a_common_noun(previous) or _declined_adjective(earlier, previous))
        fits = fits and not (common and not _is_known(token.text))
        if fits and run and token.after_space:
            run.append(token)
            continue
        yield run
        run = [token] if fits else []
    yield run


def _declined_adjective(earlier: _Token | None, token: _Token) -> bool:
    """Whether `token` is a lower-case adjective after an article: "eine ganze", "der neuen"."""
    word = token.text
    declined = word.islower() and len(word) > 3 and word.endswith(("e", "en", "er", "es", "em"))
    return declined and earlier is not None and earlier.text.lower() in GERMAN_DETERMINERS


def _opens_a_common_noun(token: _Token) -> bool:
    word = token.text
    if word.lower() in GERMAN_DETERMINERS:
        return True
    genitive = word[0].isupper() and len(word) > 3 and word.endswith("s") and not word.endswith("ss")
    place_adjective = word[0].isupper() and word.endswith("er") and _is_known(word)
    return genitive or place_adjective


def _is_plain_capitalised(token: _Token, stop: frozenset[str]) -> bool:
    lower = token.text.lower()
    return token.text[0].isupper() and lower not in stop and not lower.endswith(GERMAN_NOUN_ENDINGS)


def _parts(token: _Token) -> list[tuple[str, bool]]:
    """The parts of a hyphenated word (NATO-Staaten), each with whether it begins a sentence;
    a listed name stays whole (Guinea-Bissau)."""
    if ID_LIKE.fullmatch(token.text) or ("-" in token.text and _is_known(token.text)):  # Guinea-Bissau
        return [(token.text, token.at_start)]
    return [(part, token.at_start and index == 0) for index, part in enumerate(token.text.split("-")) if part]


def _looks_like_id(word: str) -> bool:
    """An acronym (NATO, NGOs), an inner capital (McAllister) or letters with digits (G7, F-35;
    not units: m³, km²)."""
    ordinal = re.fullmatch(r"\d+(?:st|nd|rd|th)", word)  # 26th: a number, which rule 2 checks
    letters_and_digits = any(char.isdecimal() for char in word) and any(char.isalpha() for char in word) and not ordinal
    inner_capital = re.search(r"[a-zäöüß][A-ZÄÖÜ]", word)
    return bool(re.fullmatch(r"[A-ZÄÖÜ]{2,}s?", word) or inner_capital or letters_and_digits)


def _is_title_case(text: str, tokens: list[_Token]) -> bool:
    """A headline in Title Case: no end mark, and every longer word capitalised."""
    longer = [token.text for token in tokens if len(token.text) >= 4 and token.text[0].isalpha()]
    return not text.rstrip().endswith((".", "!", "?")) and len(longer) >= 3 and all(w[0].isupper() for w in longer)


def _is_role(word: str, language: str) -> bool:
    folded, roles = fold(word), _cue_words()[f"roles {language}"]
    if language == "de":  # compound heads: Bundesaußenminister, Kremlchef
        return any(folded == role or (len(role) >= 4 and folded.endswith(role)) for role in roles)
    return folded in roles


def _is_reporting_verb(token: _Token) -> bool:
    return fold(token.text) in _cue_words()["reporting verbs"]


def _is_known(word: str) -> bool:
    folded = fold(word)
    return folded in exonym_index() or (folded.endswith("s") and folded[:-1] in exonym_index())


def _known_phrases(text: str) -> tuple[list[str], str]:
    """Listed names of several words (White House, im Weißen Haus), as listed, and `text` without them."""
    found = []
    for phrase, pattern in _phrase_patterns():
        if pattern.search(text):
            found.append(phrase)
            text = pattern.sub(lambda match: " " * len(match.group()), text)
    return found, text


def has_first_name(surname: str, texts: list[str]) -> bool:
    """Whether `texts` give `surname` a first name: a capitalised word before it that is no
    role, title or listed name ("Marco Rubio", but not "NATO-Chef Rubio" or "Präsident Putin")."""
    for match in re.finditer(rf"([^\W\d_][\w-]*)\s+{re.escape(surname)}\b", " ".join(texts)):
        before = match.group(1)
        role = _is_role(before, "de") or _is_role(before, "en") or _is_role(before.split("-")[-1], "de")
        if before[0].isupper() and not role and not _is_known(before) and before.lower() not in ABBREVIATIONS:
            return True
    return False


def name_haystack(texts: list[str]) -> tuple[str, str]:
    """The passages as written (for acronyms) and folded (for the rest)."""
    text = _undot(" \n ".join(texts))
    return text, fold(text)


def has_name(haystack: tuple[str, str], name: str, language: str | None) -> bool:
    cased, folded_text = haystack
    forms = _name_forms(name, language)
    for form in forms:
        if re.fullmatch(r"[A-ZÄÖÜ]{2,}", form):  # "US" must not match "us"
            pattern, text = rf"(?<![^\W_]){re.escape(form)}s?(?![^\W_])", cased
        elif " " in form:
            pattern, text = _inflected(fold(form)), folded_text
        else:
            pattern, text = _word_start(fold(form)), folded_text
        matches = re.finditer(pattern, text)
        if any(text is cased or not _inside_other_name(text, match.span(), form, forms) for match in matches):
            return True
    return False


def is_listed(name: str) -> bool:
    """Whether `name`, or it without an ending (Europäern), is a place, country or body of
    data/exonyms.txt: no person, so it neither speaks nor holds a role."""
    folded = fold(name)
    return any(form in exonym_index() for form in (folded, folded[:-1], folded[:-2]))


def names_a_seat(haystack: tuple[str, str]) -> bool:
    """Whether the passages name a seat of power (data/metonyms.txt). Then a statement must
    use their seats: "Bratislava threatened" is wrong where they say "Hungary and Slovakia
    oppose it, and Budapest threatened"."""
    return any(has_name(haystack, seat, None) for seat in dict.fromkeys(seat for seat, _ in _metonyms()))


def stands_for(name: str) -> list[str]:
    """The state a seat of power stands for, or the seats that stand for a state
    (data/metonyms.txt): Kiew → Ukraine, Russland → Moscow, Kremlin."""
    bare = [fold(name), fold(name)[:-1]] if name.endswith("s") else [fold(name)]  # Kiews
    forms = {*bare, *(fold(form) for each in bare for form in exonym_index().get(each, ()))}
    return [other for pair in _metonyms() for one, other in (pair, pair[::-1]) if fold(one) in forms]


def same_seat(name: str) -> list[str]:
    """The other seats of power of the state that `name` is a seat of: Moskauer → Kremlin."""
    states = set(stands_for(name)) & {state for _, state in _metonyms()}
    seats = [seat for seat, state in _metonyms() if state in states]
    return [seat for seat in seats if fold(seat) not in {fold(name), fold(name)[:-1]}]


@lru_cache(maxsize=1)
def _metonyms() -> list[tuple[str, str]]:
    pairs = [tuple(part.strip() for part in line.split("|")) for line in data_lines("metonyms.txt")]
    return [(seat, state) for seat, state in pairs]


def _word_start(folded: str) -> str:
    """A pattern for a folded name of one word: at a word start, and as the start of a longer word
    if it has NAME_PREFIX_MIN_LETTERS letters (Kreml → Kremlchef), else alone or with an s."""
    tail = "" if len(folded) >= NAME_PREFIX_MIN_LETTERS else r"s?(?![a-z0-9])"
    return rf"(?<![a-z0-9]){re.escape(folded)}{tail}"


def _inside_other_name(text: str, span: tuple[int, int], form: str, forms: set[str]) -> bool:
    """Whether a match of `form` in the folded passages is part of a longer listed name of
    something else: Niger in Nigeria, Dominica in Dominican, Guinea in Guinea-Bissau, Sudan in
    South Sudan, Republik Kongo in Demokratische Republik Kongo. The widest listed name around
    the match decides, so Kongo in Demokratische Republik Kongo is still the DR Congo's Kongo.
    A whole word still matches the listed names of several words it opens (European → European
    Commission), and a lower-case entry every word it begins (bundes → Bundeswehr)."""
    start, end = span
    lower_case = fold(form) in _lower_case_names()
    whole_word = not re.match(r"[a-z0-9]", text[end : end + 1])
    probe = re.match(r"[a-z0-9]{1,4}", text[start:])
    probe_text = probe.group() if probe else text[start : start + 4]
    widest: tuple[int, int, str] | None = None
    for key, pattern in _listed_patterns():
        if probe_text not in key:
            continue
        margin = len(key) + 40
        for other in pattern.finditer(text, max(0, start - margin), end + margin):
            other_start, other_end = other.span()
            if other_start > start or other_end < end or (other_start, other_end) == (start, end):
                continue
            opens_phrase = " " in key and " " not in form and whole_word  # European → European Commission
            if other_start == start and (lower_case or opens_phrase):
                continue
            if widest is None or (other_start, -other_end) < widest[:2]:
                widest = (other_start, -other_end, key)
    return widest is not None and widest[2] not in {fold(own) for own in forms}


def _name_forms(name: str, language: str | None) -> set[str]:
    """`name`, without a plural or genitive s, its stem, the listed name it inflects (der
    Demokratischen Republik Kongo), and every exonym of these."""
    forms = {name, name[:-1] if name.endswith("s") and len(name) > NAME_PREFIX_MIN_LETTERS else name}
    if " " in name:
        forms.update(phrase for phrase, pattern in _phrase_patterns() if pattern.fullmatch(name))
    elif not name.isupper() and not ("-" in name and _is_known(name)):  # not Guinea in Guinea-Bissau
        forms.update(stem for stem in terms(name, language) if len(stem) >= NAME_PREFIX_MIN_LETTERS)
    return forms.union(*(exonym_index().get(fold(form), ()) for form in forms))


def _undot(text: str) -> str:
    return DOTTED_ACRONYM.sub(lambda match: match.group().replace(".", ""), text)


def _inflected(phrase: str) -> str:
    """A pattern for a name of several words in any German case: Weißes Haus, im Weißen Haus.
    A short word takes only an ending: Red Sea, Red Seas, never "reduced seats"."""
    stems = [re.sub(r"(e[mnrs]?|s)$", "", word) if len(word) > 4 else word for word in phrase.split()]
    return r"\b" + r"\s+".join(re.escape(stem) + (r"\w*" if len(stem) > 3 else SHORT_WORD_ENDING) for stem in stems)


@lru_cache(maxsize=1)
def _listed_patterns() -> list[tuple[str, re.Pattern]]:
    """Each folded name of data/exonyms.txt, but acronyms (matched with their case), and its pattern."""
    names = {name for names in exonym_index().values() for name in names if not name.isupper()}
    keys = {fold(name) for name in names}
    return [(key, re.compile(_inflected(key) if " " in key else _word_start(key))) for key in sorted(keys)]


@lru_cache(maxsize=1)
def _lower_case_names() -> frozenset[str]:
    """The folded lower-case entries of data/exonyms.txt: adjectives and stems (russisch, bundes)."""
    return frozenset(fold(name) for names in exonym_index().values() for name in names if name[:1].islower())


@lru_cache(maxsize=1)
def _phrase_patterns() -> list[tuple[str, re.Pattern]]:
    """Each listed name of several words, longest first, and a pattern for it in any case."""
    phrases = {name for names in exonym_index().values() for name in names if " " in name}
    longest_first = sorted(phrases, key=len, reverse=True)
    return [(phrase, re.compile(_inflected(phrase), re.IGNORECASE)) for phrase in longest_first]


@lru_cache(maxsize=1)
def _cue_words() -> dict[str, frozenset[str]]:
    """The sections of data/name_cues.txt: "roles en", "roles de", "reporting verbs"."""
    sections: dict[str, set[str]] = {}
    for line in data_lines("name_cues.txt"):
        if line.startswith("["):
            words = sections.setdefault(line.strip("[]"), set())
        else:
            words.add(fold(line))
    return {name: frozenset(words) for name, words in sections.items()}
