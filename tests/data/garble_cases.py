"""Hand-written garbled and clean news-style sentences for the garble detector.

Every sentence below was written for precis (invented wording, no dataset
excerpts). ``CASES`` holds :class:`GarbleCase` records: the garble ``kind``
(``clean`` for sentences that must get no flag), the ``text``, the expected
flag spans given as substrings of the text (``(substring, n)`` picks the n-th
occurrence, counting from 0), and optionally a ``vocabulary`` and
``sources`` to pass to :func:`precis.checking.garble.garble_flags`.
Every case is also given :data:`NEWS_VOCABULARY`, a small set of news words
standing in for the words of the sources.

Used by ``tests/unit/test_garble.py`` and ``bench/garble.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NEWS_VOCABULARY = frozenset(
    """almost support members alliance border talks troops sanctions minister president leaders officials
    government ceasefire region capital army attack meeting envoy statement report weapons missile treaty
    security election vote parliament court police crowd protest city village border crossing strike deal
    summit kremlin luhansk donetsk moscow kyiv ukraine russia nato france germany europe washington market
    prices energy gas pipeline oil budget spending tax bank rates inflation hospital doctors patients storm
    flood rescue workers factory company shares investors spokesman agency council mayor residents school
    pupils teachers ferry passengers harbour bridge road rail station airport flights delay weekend morning
    evening night week month year statement deadline plan proposal agreement demands response assurances
    guarantees expansion membership enlargement neighbours forces exercises drills tanks planes ships
    coast islands fishing boats engine power winch inquiry board compensation insurance damage repairs
    analysts revenue profit loss jobs strike union wages contract""".split()
)


@dataclass(frozen=True)
class GarbleCase:
    """One labelled sentence."""

    kind: str
    text: str
    spans: tuple[str | tuple[str, int], ...] = ()
    vocabulary: frozenset[str] = field(default_factory=frozenset)
    sources: tuple[str, ...] = ()

    def offsets(self) -> list[tuple[int, int]]:
        """The expected spans as ``(start, end)`` offsets into ``text``."""
        out = []
        for span in self.spans:
            sub, nth = (span, 0) if isinstance(span, str) else span
            start = -1
            for _ in range(nth + 1):
                start = self.text.index(sub, start + 1)
            out.append((start, start + len(sub)))
        return sorted(out)


CASES: list[GarbleCase] = []


def _c(kind: str, text: str, *spans: str | tuple[str, int], vocab: str = "", sources: tuple[str, ...] = ()) -> None:
    CASES.append(GarbleCase(kind, text, spans, frozenset(vocab.split()), sources))


# --- doubled words --------------------------------------------------------------------------------------------
_c("doubled_word", "The the minister left the meeting early.", "The the")
_c("doubled_word", "Officials said said the talks would resume on Monday.", "said said")
_c("doubled_word", "The ferry was was carrying forty passengers.", "was was")
_c("doubled_word", "Troops moved to the the border overnight.", "the the")
_c("doubled_word", "He promised to to cut taxes before the vote.", "to to")
_c("doubled_word", "The council voted in in favour of the plan.", "in in")
_c("doubled_word", "Prices rose sharply in the last quarter of the of the year.", "of the of the")
_c("doubled_word", "The bank said it would raise rates rates again.", "rates rates")
_c("doubled_word", "Rescue workers reached reached the village by boat.", "reached reached")
_c("doubled_word", "The mayor and and her deputy resigned.", "and and")
_c("doubled_word", "Negotiators in Geneva in Geneva failed to agree.", "in Geneva in Geneva")
_c("doubled_word", "Police arrested a man who who had fled the scene.", "who who")
_c("doubled_word", "The storm knocked out power to thousands of homes homes.", "homes homes")
_c("doubled_word", "A A spokesman declined to comment.", "A A")
_c("doubled_word", "The company's shares shares fell nine percent.", "shares shares")

# --- doubled items of a coordination -------------------------------------------------------------------------
_c("doubled_coord", "Talks between NATO and NATO ended without a deal.", "NATO and NATO")
_c("doubled_coord", "France, Germany and Germany are trying to reach a resolution.", "Germany and Germany")
_c("doubled_coord", "There is little support from the U.S. and the U.S. for the plan.", "the U.S. and the U.S.")
_c("doubled_coord", "Either Russia or Russia will have to make concessions.", "Russia or Russia")
_c("doubled_coord", "The ministers of Poland and Poland met in Warsaw.", "Poland and Poland")
_c("doubled_coord", "Neither Moscow nor Moscow accepted the terms.", "Moscow nor Moscow")
_c("doubled_coord", "The ban covers coal and coal from next month.", "coal and coal")
_c("doubled_coord", "Tensions between the Kremlin and the Kremlin have grown.", "the Kremlin and the Kremlin")
_c("doubled_coord", "Residents of Kyiv and Kyiv were told to stay indoors.", "Kyiv and Kyiv")
_c(
    "doubled_coord",
    "Both the president and the president said the talks were useful.",
    "the president and the president",
)
_c("doubled_coord", "Sanctions on banks and banks were discussed.", "banks and banks")
_c("doubled_coord", "The European Union and European Union officials met.", "European Union and European Union")

# --- a list that names an item twice -------------------------------------------------------------------------
_c("doubled_list", "Leaders of France, Germany and France met in Paris.", "France, Germany and France")
_c("doubled_list", "Ukraine, Russia, and Ukraine signed the protocol.", "Ukraine, Russia, and Ukraine")
_c("doubled_list", "Troops from Poland, Lithuania, Poland and Latvia took part.", "Poland, Lithuania, Poland")
_c("doubled_list", "The summit brought together Spain, Italy, Greece and Italy.", "Italy, Greece and Italy")
_c("doubled_list", "Flights to Oslo, Bergen or Oslo were cancelled.", "Oslo, Bergen or Oslo")

# --- camel-case joins ----------------------------------------------------------------------------------------
_c("glued_camel", "Moscow could recognise the republics of Donetsk andLuhansk within days.", "andLuhansk")
_c("glued_camel", "The statement from theKremlin was brief.", "theKremlin")
_c("glued_camel", "Ministers from France andGermany arrived late.", "andGermany")
_c("glued_camel", "The envoy flew back toWashington on Friday.", "toWashington")
_c("glued_camel", "Protesters gathered outside theParliament building.", "theParliament")
_c("glued_camel", "Supplies ofRussian gas fell in January.", "ofRussian")
_c("glued_camel", "The deal was signed inBrussels after midnight.", "inBrussels")
_c("glued_camel", "Shelling near the RussiaUkraine border continued.", "RussiaUkraine")
_c("glued_camel", "A spokesman forNATO said the drills were routine.", "forNATO")
_c("glued_camel", "Talks withMoscow will resume next week.", "withMoscow")

# --- a lower-case token that splits into two known words -----------------------------------------------------
_c("glued_vocab", "For now, there is almostno support from members of the alliance.", "almostno")
_c("glued_vocab", "The report said troops were massing near theborder overnight.", "theborder")
_c("glued_vocab", "Officials said the ceasefire would hold forthe weekend.", "forthe")
_c("glued_vocab", "The minister spoke ofthe risks of a wider war.", "ofthe")
_c("glued_vocab", "Leaders agreed that the summit would take place inthe spring.", "inthe")
_c("glued_vocab", "Rescue workers reached the village andthe harbour by boat.", "andthe")
_c("glued_vocab", "The plan hasbeen criticised by the opposition.", "hasbeen")
_c("glued_vocab", "Investors said the rates wouldnot fall this year.", "wouldnot")
_c("glued_vocab", "The army said thatthe drills had ended.", "thatthe")
_c("glued_vocab", "Residents had almostnothing left after the flood.", "almostnothing")
_c("glued_vocab", "The union said the strike wasnot over.", "wasnot")
_c(
    "glued_vocab",
    "Traffic at the bordercrossing was halted for hours.",
    "bordercrossing",
    sources=("Traffic at the border crossing near the river was halted.",),
)
_c("glued_vocab", "The talks ended without a deal, and the envoy flew home fromthe summit.", "fromthe")
_c("glued_vocab", "Sanctions could hit the energy sector ofthe country hard.", "ofthe")
_c("glued_vocab", "Officials in Moscowand Kyiv traded accusations.", "Moscowand")
_c("glued_vocab", "Doctors said patients were treated inthe corridors.", "inthe")
_c("glued_vocab", "The proposal was rejected bythe council on Tuesday.", "bythe")
_c(
    "glued_vocab",
    "Demands forsecurity guarantees were repeated.",
    "forsecurity",
    sources=("Russia repeated its demands for security guarantees.",),
)

# --- glue after a contraction --------------------------------------------------------------------------------
_c("glued_contraction", "Troops gathered along Ukraine'sborder in the autumn.", "Ukraine'sborder")
_c("glued_contraction", "The company’sshares fell after the report.", "company’sshares")
_c("glued_contraction", "Officials said they don'tknow when talks will resume.", "don'tknow", vocab="know")
_c("glued_contraction", "The mayor'soffice declined to comment.", "mayor'soffice", vocab="office")
_c("glued_contraction", "Russia'sdemands were rejected by NATO.", "Russia'sdemands")

# --- tokenization debris: spaces before punctuation, brackets ------------------------------------------------
_c("debris_space", "Moscow could also recognise the republics of Donetsk and Luhansk .", " .")
_c("debris_space", "The talks , which lasted eight hours , ended without a deal.", " ,", (" ,", 1))
_c("debris_space", "Tottenham 's manager praised the players.", " 's")
_c("debris_space", "The minister said they do n't expect a breakthrough.", " n't")
_c("debris_space", "Will the ceasefire hold ?", " ?")
_c("debris_space", "The envoy ( a former general ) arrived on Monday.", "( ", " )")
_c("debris_space", "He said : the plan is dead.", " :")
_c("debris_space", "The mayor said they 're ready for the storm.", " 're")
_c("debris_space", "Officials said it was the worst flood in decades ; hundreds were evacuated.", " ;")
_c("debris_space", "Ferry services resumed on Friday !", " !")
_c("debris_space", "The union 's leaders rejected the offer .", " 's", " .")
_c("debris_space", "Prices rose sharply [ see chart ] last month.", "[ ", " ]")

# --- tokenization debris: PTB and wiki symbols, spaced hyphens -----------------------------------------------
_c("debris_ptb", "He called the proposal ``a non-starter'' on Monday.", "``", "''")
_c("debris_ptb", "The alliance -lrb- NATO -rrb- rejected the demand.", "-lrb-", "-rrb-")
_c("debris_ptb", "The treaty -LRB- signed in 1987 -RRB- banned such missiles.", "-LRB-", "-RRB-")
_c("debris_ptb", "The bridge is 1 @,@ 200 metres long.", "@,@")
_c("debris_ptb", "A three @-@ day strike closed the port.", "@-@")
_c("debris_ptb", "A 20 - year - old man was arrested.", "20 - year - old")
_c("debris_ptb", "It was a three - way race for the seat - up - for grabs.", "seat - up - for")
_c("debris_ptb", "The fund -lsb- set up in 2019 -rsb- paid out millions.", "-lsb-", "-rsb-")

# --- doubled and missing punctuation ------------------------------------------------------------------------
_c("debris_punct", "The talks,, which lasted hours, ended without a deal.", ",,")
_c("debris_punct", "Officials said the border would stay closed. .", ". .")
_c("debris_punct", "The vote was postponed again..", "..")
_c("debris_punct", "The mayor spoke, ; residents listened.", ", ;")
_c("debris_punct", "The ferry broke down,.", ",.")
_c("debris_punct", "The talks collapsed.The envoy flew home.", ".")
_c("debris_punct", "The storm hit the coast,flooding hundreds of homes.", ",")
_c("debris_punct", "Prices fell; ; investors were relieved.", "; ;")

# --- decoding leftovers: mojibake, HTML entities, model tokens ---------------------------------------------
_c("encoding", "The minister said itâ€™s too early to judge.", "â€™")
_c("encoding", "Talks in Genève were described as â€œfrankâ€\x9d.", "â€œ", "â€\x9d")
_c("encoding", "The mayor of SÃ£o Paulo resigned.", "Ã£")
_c("encoding", "Shares in Smith &amp; Sons fell sharply.", "&amp;")
_c("encoding", "He called the plan &quot;dead&quot; on Monday.", ("&quot;", 0), ("&quot;", 1))
_c("encoding", "The <unk> said the talks would resume.", "<unk>")
_c("encoding", "Police arrested two men. <n> The court will sit on Friday.", "<n>")
_c("encoding", "The caf\ufffd on the harbour reopened.", "\ufffd")
_c("encoding", "It&#39;s too soon to say, the envoy said.", "&#39;")
_c("encoding", "The [UNK] crossing was closed for hours.", "[UNK]")

# --- a sentence that starts mid-clause ---------------------------------------------------------------------
_c("fragment", "leaders will feel that a settlement leaves them on the sidelines.", "leaders")
_c("fragment", "and the talks ended without a deal.", "and")
_c("fragment", "which officials said would take months.", "which")
_c("fragment", "administration to criticism that it is caving to pressure.", "administration")

# --- a phrase looped within one sentence ---------------------------------------------------------------------
_c(
    "repeated_phrase",
    "A more realistic option may be a deal on missiles, a more realistic option may be a deal.",
    "a more realistic option may",
)
_c(
    "repeated_phrase",
    "The ferry company said the crossing will reopen, the ferry company said the crossing will.",
    "the ferry company said the",
)

# --- clean sentences: legitimate repetition and look-alikes ------------------------------------------------
for _text in [
    "The sirens sounded again and again through the night.",
    "More and more residents left the city as the shelling grew.",
    "He had had enough of the delays, the mayor said.",
    "Officials said that that decision was final.",
    "The two sides moved step by step towards a deal.",
    "Day after day, the ferry stayed in port.",
    "Prices grew bigger and bigger over the winter.",
    "The leaders met face to face for the first time.",
    "She waited and waited for a reply from the ministry.",
    "Talks went on and on without a breakthrough.",
    "The rescue took hours and hours in freezing water.",
    "Northern Ireland and Ireland share a land border.",
    "West Virginia and Virginia both reported record turnout.",
    "New York and New York City officials disagreed.",
    "He was accused of war and war crimes were mentioned later.",
    "U.S. citizens and citizens from partner nations were evacuated.",
    "The town of Walla Walla voted on Tuesday.",
    "Fans of the Wild Wild West show gathered in the square.",
    "Boutros Boutros-Ghali led the United Nations in the 1990s.",
    "The new iPhone went on sale in Tokyo on Friday.",
    "Shares in eBay and PayPal rose after the report.",
    "Governor DeSantis signed the bill in Tallahassee.",
    "McDonald's said it would close restaurants in Russia.",
    "The video was posted on YouTube and LinkedIn.",
    "Sony said PlayStation sales fell in the quarter.",
    "Everyone in the village knew somebody on the ferry.",
    "The minister often spoke about the theme of security.",
    "Nevertheless, the talks continued into the night.",
    "The council will meet tonight and again tomorrow.",
    "The standoff over the border continued into the weekend.",
    "The walkout by rail workers caused delays.",
    "Lawmakers approved the budget after a long debate.",
    "The takeover was blocked by regulators.",
    "The heat and the smoke forced residents to leave.",
    "The ceasefire, the envoy said, was holding.",
    "The U.S. and Russia held talks in Geneva.",
    "It was a three-way race for the seat.",
    "A 20-year-old man was arrested, police said.",
    "The meeting ended at 6 p.m. on Friday.",
    "Prices rose 2.5% in March, the agency said.",
    '"We will not give up," he said.',
    "'It is too early to say,' the spokesman said.",
    "The envoy (a former general) arrived on Monday.",
    "He said... the plan was dead.",
    'The mayor said: "We are ready."',
    "Talks with Moscow, Washington and Brussels resumed.",
    "France, Germany and Italy signed the statement.",
    "Russia said it would respond, and Russia did respond within a week.",
    "Officials from Poland, Lithuania and Latvia met in Vilnius.",
    "In Kyiv, officials met and officials said little afterwards.",
    "Troops from NATO and non-NATO countries took part.",
    "The 10 to 10 vote left the council deadlocked.",
    "The score was 1-1 at half time.",
    "Bye bye, the crowd chanted as the mayor left.",
    "The price of oil and the price of gas both rose.",
    "He sold the shares, and the shares fell the next day.",
    "Russia or Ukraine must make the first move.",
    "The bank's chief economist said rates would stay high.",
    "The president's plan won't pass the Senate, analysts said.",
    "Visitors arrived by ferry, by bus and by car.",
    "The deal was done in Brussels over the weekend.",
    "The decision was taken by the board, not by the council.",
    "He said the talks were useful, the talks were frank and the talks would continue.",
    "The state of emergency was lifted on Monday.",
    "Officials said there were no injuries.",
    "The pipeline carries gas from Russia to Germany.",
    "TheBlaze.com reported the story first.",
    "iOS users were asked to update their phones.",
    "The ruling by the court of appeal was unanimous.",
    "The theme of the summit was energy security.",
    "The heroin was seized at the port.",
    "Officials in Moscow and Kyiv traded accusations.",
    "The company's shares fell after the report.",
    "Troops gathered along Ukraine's border in the autumn.",
    "Season ticket holders were offered refunds.",
    "The island was cut off by the storm.",
    "The husband and wife ran the ferry together.",
    "The casino reopened after the flood.",
    "The agreement covers oil and oil exports.",
    "Shares fell sharply, and the bank cut its forecast.",
]:
    _c("clean", _text)

# --- clean because the sources have the same text (extractive summaries of tokenized sources) -----------------
_c(
    "clean",
    "Tottenham 's manager praised the players .",
    sources=("Tottenham 's manager praised the players . He said the team had worked hard .",),
)
_c(
    "clean",
    "The talks , which lasted eight hours , ended .",
    sources=("The talks , which lasted eight hours , ended . No deal was reached .",),
)
_c(
    "clean",
    "He called the proposal ``a non-starter'' on Monday.",
    sources=("He called the proposal ``a non-starter'' on Monday.",),
)
_c(
    "clean",
    "Talks between the Kremlin and the Kremlin's critics stalled.",
    sources=("Talks between the Kremlin and the Kremlin's critics stalled in May.",),
)
_c(
    "clean",
    "Officials said the ferry was was carrying forty passengers.",
    sources=("Officials said the ferry was was carrying forty passengers, a typo kept in the wire copy.",),
)
_c(
    "clean",
    "leaders will feel that a settlement leaves them on the sidelines.",
    sources=("The report ended:\nleaders will feel that a settlement leaves them on the sidelines.",),
)
