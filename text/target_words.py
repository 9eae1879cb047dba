"""Word lists behind ``slant.text.targets``: titles, stop words, organisation words, known acronyms."""

from __future__ import annotations

# Titles and honorifics: stripped from a name, and evidence that the name is a person's; with the abbreviated
# ranks of British police and councils ("DI Hanlon", "Cllr Ruth Ashdown").
TITLES = frozenset(
    """Mr Mr. Mrs Mrs. Ms Ms. Miss Mx Mx. Dr Dr. Prof Prof. Professor President Vice Prime Minister Premier
    Chancellor King Queen Prince Princess Emperor Empress Pope Sen Sen. Senator Rep Rep. Representative
    Congressman Congresswoman Gov Gov. Governor Mayor Gen Gen. Lt Lt. Col Col. Colonel Capt Capt. Captain Sgt
    Sgt. Adm Adm. Admiral Rev Rev. Reverend Bishop Archbishop Cardinal Rabbi Imam Sheikh Judge Justice Chief
    Secretary Ambassador Commissioner Chairman Chairwoman Chairperson Director Speaker Leader Lord Lady Sir Dame
    Deputy Acting Former Attorney CEO Executive Spokesman Spokeswoman Spokesperson Detective Sheriff Inspector
    Superintendent Councilman Councilwoman Councillor Councilor Crown First Supreme Officer Minister. Ayatollah
    Sultan Emir Crown Senior Assistant Under Undersecretary Treasurer Coach Commander Marshal Field President-elect
    Dictator Strongman Tsar Czar Assemblymember Assemblyman Assemblywoman Councilmember Alderman Alderwoman
    Prosecutor Chair Secretary-General Attorney-General Director-General Governor-General Trustee Delegate Envoy Magistrate Solicitor Barrister Minister-President
    Cllr Cllr. Det Det. DI DCI DS DCS Supt Supt. Insp Insp. Const Const. MP MEP MSP""".split()
)
# Occupations written before a name as if they were titles, at a sentence start ("Shopkeeper Dev Mistry said"):
# the journalists' "false title" is no part of the name.
FALSE_TITLES = frozenset(
    """Shopkeeper Landlord Landlady Publican Pensioner Grandmother Grandfather Gran Grandad Mum Dad Mother Father
    Widow Widower Farmer Teacher Headteacher Nurse Student Pupil Resident Neighbour Neighbor Driver Builder Owner
    Manager Boss Striker Midfielder Defender Goalkeeper Winger Skipper Veteran Fisherman Fishermen Homeowner
    Retiree Businessman Businesswoman Campaigner Activist Volunteer Shopper Commuter Passenger Singer Rapper
    Actor Actress Chef Lawyer Surgeon Paramedic Firefighter Survivor Victim""".split()
)
# Titles that also name a field: after "of"/"for" in a name they are its field ("Centre for Climate Justice").
TITLE_FIELDS = frozenset({"Justice"})
# Words that may follow a title inside the title ("Secretary of State", "Attorney General", "Foreign Minister").
TITLE_TAIL = frozenset(
    """of for the and State Defense Defence Treasury Health Homeland Security Foreign Affairs Commerce Energy
    Education Labor Labour Agriculture Transportation Transport Interior Finance Economy Trade Justice General
    Home Office Environment Culture Housing Veterans Human Services Development Majority Minority Whip Party
    Minister Executive Officer Operating Financial Staff Joint Chiefs Armed Forces Police Public International
    Relations Intelligence Environmental Protection""".split()
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
    Times Chamber Schools Trust Society Institution Council Tribunal Cabinet Legislature Coalition Partnership
    Falls Springs Heights Showground Showgrounds Arena Racecourse Fairground Fairgrounds""".split()
)
# First words that make a span a place or organisation ("New York", "United Nations").
PLACE_FIRST_WORDS = frozenset(
    "New North South East West United San Santa Los Las Saint St. Fort Mount Lake".split()
)
# Name particles allowed inside a person's name.
NAME_PARTICLES = frozenset(
    "de da di do del della der den van von du la le bin ibn al el ter dos das y".split()
)
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
    Sat Jr Sr Jr. Sr. Inc Ltd Co Mr Mrs Ms Dr Rival Fellow Top Local Several Nearly Almost About Roughly
    Verdict Update Editor's Note Opinion Analysis Exclusive Breaking Live Watch Listen""".split()
)
# All-caps words that are not organisations or places.
NON_ENTITY_ACRONYMS = frozenset(
    "I A OK TV AM PM PhD MD CEO CFO COO CTO GDP PS ET EST EDT GMT UTC BST PST PDT CET MP MPS LOL FAQ DIY HQ ID PDF "
    "AI IPO ETF CPI EV EVS LNG COVID ICU GPS SUV ATM VPN PR GP MEP NGO".split()
)
# Words of photo credits ("Agency Images", "Handout", "Pool"): never a target, nor the last word of one.
CREDIT_WORDS = frozenset(
    "Images Image Photo Photos Photograph Photographs Handout Pool Courtesy Illustration".split()
)
# Adjectives of nationality, region or group ("Russian President", "Western diplomats"): a modifier, not a target.
# Plural nouns of the same groups ("Palestinians") stay targets.
DEMONYMS = frozenset(
    """Afghan Albanian Algerian American Angolan Arab Arabian Argentine Argentinian Armenian Asian Australian
    Austrian Azerbaijani Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian Brazilian British Bulgarian
    Burmese Cambodian Cameroonian Canadian Caribbean Chadian Chilean Chinese Colombian Congolese Croatian Cuban
    Cypriot Czech Danish Dutch Ecuadorian Egyptian Emirati English Eritrean Estonian Ethiopian European Filipino
    Finnish French Georgian German Ghanaian Greek Guatemalan Haitian Honduran Hungarian Icelandic Indian
    Indonesian Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan Korean
    Kosovar Kurdish Kuwaiti Kyrgyz Latvian Lebanese Libyan Lithuanian Malaysian Malian Maltese Mexican Moldovan
    Mongolian Moroccan Mozambican Namibian Nepali Nepalese Nigerian Nigerien Norwegian Omani Pakistani
    Palestinian Panamanian Paraguayan Persian Peruvian Polish Portuguese Qatari Romanian Russian Rwandan Saudi
    Scottish Senegalese Serbian Singaporean Slovak Slovenian Somali Spanish Sudanese Swedish Swiss Syrian
    Taiwanese Tajik Tanzanian Thai Tibetan Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek
    Venezuelan Vietnamese Welsh African Yemeni Zambian Zimbabwean Soviet Latin Nordic Balkan Baltic Slavic
    Iberian Mediterranean Victorian Californian Texan Floridian Bavarian Catalan Basque Flemish Andalusian
    Western Eastern Northern Southern Central Black White Hispanic Latino Latina Indigenous Aboriginal Jewish
    Muslim Christian Catholic Protestant Sunni Shiite Shia Hindu Sikh Buddhist""".split()
)
# Compass words that may precede a demonym ("South Korean", "North African").
COMPASS = frozenset("North South East West Central Latin Northern Southern Eastern Western".split())
# Pronouns that end no name ("Trust Me", "Tell Them").
PRONOUNS = frozenset(
    "I Me You Him Her Us Them It We They Myself Yourself Himself Herself Ourselves Themselves".split()
)
# State abbreviations of US datelines and party tags ("Calif.", "Md.", "(D-Md.)"): not targets.
STATE_ABBREVIATIONS = frozenset(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev
    Okla Ore Pa Penn Tenn Tex Vt Va Wash Wis Wisc Wyo N.H. N.J. N.M. N.Y. N.C. N.D. S.C. S.D. R.I. W.Va.""".split()
)
# Group nouns whose possessive continues a name ("Women's March", "People's Bank of China", "Veterans' Day").
POSSESSIVE_GROUPS = frozenset(
    "Women Men People Children Workers Veterans Farmers Teachers Nurses Mothers Fathers Soldiers Citizens".split()
)
# Words after a possessive that continue a name ("St. Mary's Hospital", "Valentine's Day"; "Office" after a title
# only: "Sheriff's Office").
POSSESSIVE_HEADS = frozenset(
    "Day Eve Hospital College Church Cathedral University School Island Bay Square Office".split()
)
# Counting nouns followed by a number ("Category 4", "Phase 2"): not names.
COUNT_NOUNS = frozenset(
    "Category Level Phase Stage Tier Step Round Week Day Game Section Chapter Grade Vol".split()
)
# Countries and US states: a name even when it only ever opens a sentence ("Germany tied benefits to ...").
PLACES = frozenset(
    """Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain Bangladesh Belarus
    Belgium Bolivia Bosnia Brazil Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China Colombia Congo Croatia
    Cuba Cyprus Czechia Denmark Ecuador Egypt England Eritrea Estonia Ethiopia Finland France Gabon Gambia Georgia
    Germany Ghana Greece Guatemala Guinea Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel
    Italy Jamaica Japan Jordan Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Liberia Libya
    Lithuania Luxembourg Madagascar Malawi Malaysia Mali Malta Mexico Moldova Mongolia Montenegro Morocco
    Mozambique Myanmar Namibia Nepal Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palestine Panama
    Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Scotland Senegal Serbia Singapore
    Slovakia Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo
    Tunisia Turkey Turkmenistan Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Wales Yemen Zambia Zimbabwe
    Europe Africa Asia America Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
    Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
    Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont
    Virginia Washington Wisconsin Wyoming""".split()
)
# Ordinals kept at the start of a name ("First Amendment", "Second World War").
ORDINALS = frozenset("First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split())
# Single words that name the institution of a longer name in the same article ("the Commission").
SHORT_INSTITUTIONS = frozenset(
    "Commission Council Parliament Ministry Agency Authority Institute Foundation Fund".split()
)
# Last words of company and club names whose first word alone names them too ("Lumetra Systems" ... "Lumetra").
COMPANY_WORDS = frozenset(
    """Systems Semiconductor Semiconductors Software Technologies Technology Aerospace Capital Partners Group
    Holdings Inc Corp Corporation Company Co Ltd Plc Motors Airlines Airways Pharmaceuticals Pharma Energy Media
    Labs Industries Enterprises Networks Communications Entertainment Robotics Biotech Therapeutics Rovers United
    Athletic Wanderers City Town Albion Rangers FC""".split()
)
# Last words of names whose first words alone name them too: companies and clubs, parties ("Civic Renewal" of "Civic
# Renewal Party") and rivers ("the Arvel" of "Arvel River").
SHORT_FORM_TAILS = COMPANY_WORDS | {"Party", "River"}
