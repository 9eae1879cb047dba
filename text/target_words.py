"""Word lists behind ``slant.text.targets``: titles, stop words, organisation words, known acronyms."""

from __future__ import annotations

# Titles and honorifics: stripped from a name, and evidence that the name is a person's.
TITLES = frozenset(
    """Mr Mr. Mrs Mrs. Ms Ms. Miss Mx Mx. Dr Dr. Prof Prof. Professor President Vice Prime Minister Premier
    Chancellor King Queen Prince Princess Emperor Empress Pope Sen Sen. Senator Rep Rep. Representative
    Congressman Congresswoman Gov Gov. Governor Mayor Gen Gen. Lt Lt. Col Col. Colonel Capt Capt. Captain Sgt
    Sgt. Adm Adm. Admiral Rev Rev. Reverend Bishop Archbishop Cardinal Rabbi Imam Sheikh Judge Justice Chief
    Secretary Ambassador Commissioner Chairman Chairwoman Chairperson Director Speaker Leader Lord Lady Sir Dame
    Deputy Acting Former Attorney CEO Executive Spokesman Spokeswoman Spokesperson Detective Sheriff Inspector
    Superintendent Councilman Councilwoman Councillor Councilor Crown First Supreme Officer Minister. Ayatollah
    Sultan Emir Crown Senior Assistant Under Undersecretary Treasurer Coach Commander Marshal Field President-elect
    Dictator Strongman Tsar Czar""".split()
)
# Words that may follow a title inside the title ("Secretary of State", "Attorney General", "Foreign Minister").
TITLE_TAIL = frozenset(
    """of for the and State Defense Defence Treasury Health Homeland Security Foreign Affairs Commerce Energy
    Education Labor Labour Agriculture Transportation Transport Interior Finance Economy Trade Justice General
    Home Office Environment Culture Housing Veterans Human Services Development Majority Minority Whip Party
    Minister Executive Officer Operating Financial Staff Joint Chiefs Armed Forces Police Public""".split()
)
# Last words that make a span an organisation or place, never a person ("Justice Department", "Bank").
ORG_WORDS = frozenset(
    """Post Times Journal News Herald Tribune Guardian Telegraph Gazette Press Network Agency Bank Fund Reserve
    University College School Institute Academy Party Council Committee Commission Ministry Department Office
    Court Parliament Congress Senate House Assembly Government Administration Authority Board Bureau Service
    Services Army Navy Force Forces Guard Police Corps Command Company Corporation Corp Inc Group Holdings
    Airlines Airways Motors Foundation Association Union Federation League Organization Organisation Alliance
    Movement Front Church Hospital Center Centre Club Team Street Avenue Road Square Bridge City County State
    States Province Republic Kingdom Island Islands River Mountains Valley Sea Ocean Gulf Bay Coast Region
    Peninsula Strait Canal Airport Station Square Stadium Park Hall Palace Capitol Pentagon Kremlin Games Cup
    Prize Act Bill Treaty Accord Agreement Summit Conference Forum Exchange Market Index Project Program
    Programme Initiative Campaign Fed Street Town Village Province District Valley East West North South Wall
    Times""".split()
)
# First words that make a span a place or organisation ("New York", "United Nations").
PLACE_FIRST_WORDS = frozenset(
    "New North South East West United San Santa Los Las Saint St. Fort Mount Lake".split()
)
# Name particles allowed inside a person's name.
NAME_PARTICLES = frozenset("de da di del della der den van von du la le bin ibn al el ter dos das y".split())
# Connectors allowed inside any name ("Bank of England", "Yoon Suk Yeol").
CONNECTORS = NAME_PARTICLES | {"of", "for"}
# Capitalised words that are not names: sentence openers, pronouns, months, days.
STOP_WORDS = frozenset(
    """The A An But And Or Nor In On At For From To By With Of After Before When While If As Since Until Unless
    This That These Those There Here He She It They We I You Me Him Us Them His Her Hers Its Their Theirs Our
    Ours My Mine Your Yours Who Whom Whose What Why How Where Which Some Many Most All Each Every Other Another
    Such No Not Yes Now Then Still Yet Also However Meanwhile Moreover Furthermore Although Though Despite During
    Under Over About Against Between Among Through Without Within Even Just Only Last Next First Second Third One
    Two Three Four Five Six Seven Eight Nine Ten More Less Both Either Neither So Thus Instead Indeed Later
    Earlier Today Tonight Yesterday Tomorrow According Asked Like Unlike Because Whether Perhaps Maybe Once Never
    Always Often Sometimes Again Already Well Oh Please Thanks Thank Let Let's Do Does Did Is Are Was Were Be Been
    Has Have Had Will Would Can Could Should Must May Might Shall Let Many Several Few Much Any Nothing Everyone
    Everything Someone Something Anyone Anything Nobody Everybody Somebody It's That's There's He's She's We're
    They're I'm I've I'd You're Don't Can't Won't Isn't Aren't Wasn't Weren't Didn't Doesn't Read Click Watch
    See Share Sign Follow Subscribe Photo Image Video Getty Updated Published Posted Source Sources Editor
    January February March April June July August September October November December Jan Feb Mar Apr Jun
    Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri
    Sat Sun Jr Sr Jr. Sr. Inc Ltd Co Mr Mrs Ms Dr""".split()
)
# All-caps words that are not organisations or places.
NON_ENTITY_ACRONYMS = frozenset(
    "I A OK TV AM PM PhD MD CEO CFO COO CTO GDP PS ET EST EDT GMT UTC BST PST PDT CET MP MPS LOL FAQ DIY HQ ID PDF".split()
)
# Well-known short forms, merged with their long form when both occur in an article.
KNOWN_ALIASES: dict[str, str] = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "U.N.": "United Nations",
    "UN": "United Nations",
    "E.U.": "European Union",
    "EU": "European Union",
}
