"""Words a caption line or cue must not end on, per language.

The rule is the same in every subtitling guide (Netflix TTSG §4, BBC §3.4, DCMP): do not
separate an article, determiner, preposition, conjunction or auxiliary from what follows it.
The lists below are the closed word classes of each language, lower-cased, as they appear
as whole tokens in a transcript (elided forms such as French ``l'homme`` are one token and
need no entry). A language without a list of its own uses the English one, so a transcript
with no ``language_code`` behaves as before.

``names_by_capitals`` says whether two capitalised words in a row suggest a first and last
name: not in German, where every noun is capitalised.
"""

from __future__ import annotations

from dataclasses import dataclass

from captionkit.text.width import base_language


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class FunctionWords:
    """The closed word classes of one language (lower-case tokens)."""

    articles: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    conjunctions: frozenset[str]
    auxiliaries: frozenset[str]
    #: breaking after these separates a subject pronoun from its verb: discouraged, not forbidden
    subject_pronouns: frozenset[str]
    #: a break just before one of these separates a verb from its negation (English "not")
    negations: frozenset[str] = frozenset()
    names_by_capitals: bool = True

    @property
    def forbidden_last(self) -> frozenset[str]:
        """Every word a line or cue must not end on."""
        return self.articles | self.determiners | self.prepositions | self.conjunctions | self.auxiliaries


ENGLISH = FunctionWords(
    articles=_words("a an the"),
    determiners=_words(
        "this that these those my your his her its our their some any each every no another such whose "
        "either neither both all several few many much most which what"
    ),
    prepositions=_words(
        "of in on at to for with from by about into onto over under between through during without within "
        "among amongst across after before behind below above beyond around toward towards upon against along "
        "despite except inside outside near per via throughout beneath beside besides versus unlike till until "
        "since than"
    ),
    conjunctions=_words(
        "and or but nor yet so because if although though while unless whereas whether when where whenever "
        "wherever as once cause 'cause"
    ),
    auxiliaries=_words(
        "is are was were be been being am have has had do does did will would shall should can could may might "
        "must i'm you're we're they're he's she's it's that's there's what's who's here's where's i've you've "
        "we've they've i'll you'll he'll she'll we'll they'll it'll that'll i'd you'd he'd she'd we'd they'd "
        "don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't cannot couldn't shouldn't "
        "haven't hasn't hadn't mustn't gonna wanna gotta"
    ),
    subject_pronouns=_words("i he she we they you"),
    negations=_words("not n't"),
)

SPANISH = FunctionWords(
    articles=_words("el la los las un una unos unas lo"),
    determiners=_words(
        "este esta estos estas ese esa esos esas aquel aquella aquellos aquellas mi mis tu tus su sus nuestro "
        "nuestra nuestros nuestras vuestro vuestra vuestros vuestras cada algún alguna algunos algunas ningún "
        "ninguna otro otra otros otras cuyo cuya cuyos cuyas"
    ),
    prepositions=_words(
        "a al ante bajo con contra de del desde durante en entre hacia hasta mediante para por según sin sobre tras"
    ),
    conjunctions=_words("y e o u ni pero sino que porque pues aunque si cuando como mientras donde"),
    auxiliaries=_words(
        "he has ha hemos habéis han había habían habrá haber es son era eran fue fueron está están estaba "
        "estaban estoy estamos soy somos ser estar sido voy vas va vamos van puede pueden debe deben"
    ),
    subject_pronouns=_words("yo tú él ella nosotros nosotras ellos ellas usted ustedes"),
)

FRENCH = FunctionWords(
    articles=_words("le la les un une des du"),
    determiners=_words(
        "ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs chaque quelque "
        "quelques aucun aucune plusieurs quel quelle quels quelles"
    ),
    prepositions=_words(
        "à au aux de dans en par pour sur sous avec sans chez vers entre contre depuis pendant avant après "
        "selon malgré parmi envers dès"
    ),
    conjunctions=_words("et ou mais donc ni car que qu' quand comme si lorsque puisque parce quoique"),
    auxiliaries=_words(
        "ai as a avons avez ont avait avaient suis es est sommes êtes sont était étaient été être avoir vais "
        "va vont peut peuvent doit doivent"
    ),
    subject_pronouns=_words("je j' tu il elle on nous vous ils elles"),
)

GERMAN = FunctionWords(
    articles=_words("der die das den dem des ein eine einen einem einer eines"),
    determiners=_words(
        "dieser diese dieses diesen diesem jener jene jenes mein meine meinen meinem meiner meines dein deine "
        "deinen deinem deiner deines seine seinen seinem seiner seines ihre ihren ihrem ihrer ihres unser "
        "unsere unseren unserem unserer euer eure jeder jede jedes jeden jedem kein keine keinen keinem "
        "keiner keines welcher welche welches welchen welchem manche"
    ),
    prepositions=_words(
        "an am auf aus bei beim bis durch für gegen hinter in im ins mit nach neben ohne seit über um unter "
        "von vom vor während wegen zu zum zur zwischen trotz"
    ),
    conjunctions=_words("und oder aber denn sondern dass weil wenn ob als obwohl damit bevor nachdem sobald falls"),
    auxiliaries=_words(
        "bin bist ist sind seid war warst waren habe hast hat haben habt hatte hatten werde wirst wird werden "
        "wurde wurden kann kannst können muss musst müssen soll sollen will wollen darf dürfen möchte"
    ),
    subject_pronouns=_words("ich du er sie es wir"),
    names_by_capitals=False,
)

ITALIAN = FunctionWords(
    articles=_words("il lo la i gli le un uno una"),
    determiners=_words(
        "questo questa questi queste quel quello quella quei quegli quelle mio mia miei mie tuo tua tuoi tue "
        "suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri vostre ogni alcuni alcune qualche "
        "ciascun nessun nessuna"
    ),
    prepositions=_words(
        "di a da in con su per tra fra del dello della dei degli delle al allo alla ai agli alle dal dallo "
        "dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle verso senza "
        "sotto sopra dopo durante contro presso"
    ),
    conjunctions=_words("e ed o od ma però che perché se quando come mentre dove né oppure poiché sebbene"),
    auxiliaries=_words(
        "ho hai ha abbiamo avete hanno aveva avevano sono sei è siamo siete era erano stato stata essere avere "
        "sto sta stanno può possono deve devono"
    ),
    subject_pronouns=_words("io tu lui lei noi voi loro"),
)

PORTUGUESE = FunctionWords(
    articles=_words("o a os as um uma uns umas"),
    determiners=_words(
        "este esta estes estas esse essa esses essas aquele aquela aqueles aquelas meu minha meus minhas teu "
        "tua teus tuas seu sua seus suas nosso nossa nossos nossas cada algum alguma alguns algumas nenhum "
        "nenhuma outro outra outros outras"
    ),
    prepositions=_words(
        "ao aos à às de do da dos das em no na nos nas num numa por pelo pela pelos pelas para pra com sem "
        "sobre entre até desde contra sob após perante"
    ),
    conjunctions=_words("e ou mas nem que porque se quando como enquanto embora pois porém"),
    auxiliaries=_words(
        "é são era eram foi foram sou somos está estão estava estou tem têm tinha tenho temos ter ser estar vai "
        "vou vamos vão pode podem deve devem há"
    ),
    subject_pronouns=_words("eu ele ela nós eles elas você vocês"),
)

DUTCH = FunctionWords(
    articles=_words("de het een 't"),
    determiners=_words(
        "deze dit die mijn jouw zijn haar ons onze hun uw elk elke ieder iedere geen welk welke sommige"
    ),
    prepositions=_words(
        "aan achter bij binnen boven buiten door in met na naar naast om onder op over per sinds tegen tot "
        "tussen uit van voor zonder via"
    ),
    conjunctions=_words("en of maar want dus dat omdat als toen terwijl hoewel zodat wanneer"),
    auxiliaries=_words(
        "ben bent is zijn was waren heb hebt heeft hebben had hadden word wordt worden werd werden zal zult "
        "zullen zou zouden kan kunt kunnen moet moeten wil wilt willen mag mogen"
    ),
    subject_pronouns=_words("ik jij hij zij ze we wij jullie"),
)

#: The lists by base language code (AssemblyAI's ``language_code``: ``en``, ``en_us``, ``es``...).
FUNCTION_WORDS: dict[str, FunctionWords] = {
    "en": ENGLISH,
    "es": SPANISH,
    "fr": FRENCH,
    "de": GERMAN,
    "it": ITALIAN,
    "pt": PORTUGUESE,
    "nl": DUTCH,
}


def function_words(language: str | None) -> FunctionWords:
    """The lists for ``language`` (any form of the code; English when unknown or None)."""
    return FUNCTION_WORDS.get(base_language(language) or "en", ENGLISH)
