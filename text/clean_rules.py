"""The rule tables behind ``slant.text.clean.clean_text``.

Each table is a list of ``(compiled regex, reason)`` pairs. Extend a copy and pass it to ``clean_text``:

    >>> import re
    >>> from slant.text.clean import clean_text
    >>> from slant.text.clean_rules import LINE_RULES
    >>> rules = [*LINE_RULES, (re.compile(r"^Listen to this article$"), "audio prompt")]
    >>> clean_text("Listen to this article\\nThe vote passed.", line_rules=rules).text
    'The vote passed.'

``LINE_RULES`` drop a whole line when ``pattern.search(line)`` matches the whitespace-normalised line. They are
anchored on purpose so that prose which merely mentions a photo, a newsletter or related news is kept; lines
longer than ``MAX_BOILERPLATE_WORDS`` words are never dropped. ``PREFIX_RULES`` cut a matched prefix (such as a
dateline) from the start of a paragraph and keep the rest.
"""

from __future__ import annotations

import re

from slant.text.page_rules import FIRST_PAGE_RULES, PAGE_RULES

Rule = tuple[re.Pattern[str], str]

MAX_BOILERPLATE_WORDS = 60

_I = re.IGNORECASE
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_TIME = r"\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?(?:\s*\(?[A-Z]{2,4}\)?)?"
_DATE = (
    r"(?:(?:"
    + _DAY
    + r",?\s*)?(?:"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?"
    r"\s+" + _MONTH + r",?(?:\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}))"
)
_TIMESTAMP = (
    r"(?:" + _DATE + r"(?:,?\s*(?:at\s+)?" + _TIME + r")?|" + _TIME + r"(?:,?\s*(?:on\s+)?" + _DATE + r")?)"
)
# Photo agencies and credit words seen in captions: "AP Photo/Evan Vucci", "Reuters/John Smith", "Getty Images".
_AGENCY = (
    r"(?:AP|AFP|Reuters|EPA(?:-EFE)?|Xinhua|Bloomberg|Getty(?: Images)?|Anadolu(?: Agency)?|NurPhoto|SIPA"
    r"|Shutterstock|iStock(?:photo)?|PA(?: Images| Wire)?|UPI|Pool|TASS|Sputnik|Alamy|Zuma(?: Press)?"
    r"|Associated Press|Corbis|dpa|ANP|Kyodo|Yonhap)"
)
_NAMEISH = r"[A-Z][\w.'’&-]*(?:[ /][A-Za-z][\w.'’&-]*){0,7}"
_CREDIT = (
    r"(?:"
    + _AGENCY
    + r"(?:\s+(?:Photo|Images?|Pictures?|Video))?(?:\s*/\s*"
    + _NAMEISH
    + r")?(?:\s+via\s+"
    + _NAMEISH
    + r")?"
    r"|(?:Photo(?:graph)?|Image|Picture|Pic|Video|Credit|Illustration|Footage)s?(?:\s+(?:credit|courtesy(?: of)?|by)"
    r"\s*[:|]?\s*|\s*[:|]\s*)" + _NAMEISH + r")"
)
_ENDS_PROSE = r"(?<![.!?…\"”])$"  # the line does not end like a sentence

LINE_RULES: list[Rule] = [
    *FIRST_PAGE_RULES,
    # --- photo captions, credits, image alt texts
    (re.compile(r"^\(?\s*" + _CREDIT + r"\s*\)?\.?$"), "photo credit"),
    (re.compile(r"\(\s*" + _CREDIT + r"\s*\)\.?$"), "photo caption"),
    (
        re.compile(
            r"[.!?”\"]\s+(?:Photo(?:graph)?|Image|Picture|Credit|Illustration)s?\s*:\s*" + _NAMEISH + r"$"
        ),
        "photo caption",
    ),
    (
        re.compile(r"[.!?”\"]\s+" + _AGENCY + r"\s+(?:Photo|Images?)\s*/\s*" + _NAMEISH + r"$"),
        "photo caption",
    ),
    (re.compile(r"[|•]\s*" + _CREDIT + r"\s*$"), "photo caption"),
    (re.compile(r"^(?:Image|Media|Photo|Video)\s+(?:caption|copyright|source)\b", _I), "image caption"),
    (re.compile(r"^\[(?:Image|Photo|Picture|Graphic|Video|Chart|Embed)\b[^\]]*\]$", _I), "image alt text"),
    (re.compile(r"^(?:Image|Photo|Picture|Slide)\s+\d+\s+(?:of|/)\s+\d+\b.{0,200}$", _I), "photo caption"),
    (
        re.compile(r"^(?:image|photo|picture|graphic|video|gallery|slideshow)s?\s*\d*\s*$", _I),
        "image alt text",
    ),
    (re.compile(r"^(?:Expand|Enlarge|Zoom)(?: this)?(?: image| photo)?$", _I), "image alt text"),
    # --- disclaimers, publisher notes
    (
        re.compile(
            r"^(?:\w+\s+){0,6}(?:may|might|will|could)?\s*(?:earn|receive|get|make)s?\s+(?:a\s+)?(?:small\s+)?"
            r"(?:commissions?|compensation|affiliate (?:commissions?|fees?)|a share of (?:the )?(?:sales|revenue))",
            _I,
        ),
        "disclaimer",
    ),
    # publisher notes on the article itself, corrections included ("This article was amended on ...")
    (
        re.compile(
            r"^(?:This|The) (?:article|story|post|piece|column|op-ed|interview|content) (?:was|has been|is|"
            r"first|originally)\s+(?:\w+\s+){0,2}(?:published|posted|appeared|republished|reprinted|syndicated|"
            r"updated|produced|adapted|edited|sponsored|paid for|written|amended|corrected|revised|clarified)\b",
            _I,
        ),
        "disclaimer",
    ),
    (
        re.compile(
            r"^(?:Originally|First) (?:published|posted|appeared)\b|^(?:The )?(?:views|opinions) expressed (?:here |in)",
            _I,
        ),
        "disclaimer",
    ),
    (
        re.compile(r"^(?:Our Standards|Affiliate (?:disclosure|links?)|Disclosure|Disclaimer)\s*:", _I),
        "disclaimer",
    ),
    (
        re.compile(
            r"^(?:This|The following) (?:content|article|post) (?:contains|includes) affiliate links", _I
        ),
        "disclaimer",
    ),
    (
        re.compile(
            r"^(?:(?:This )?(?:Article|Story|Post) )?(?:re)?(?:posted|printed|published) with permission\b",
            _I,
        ),
        "disclaimer",
    ),
    (
        re.compile(r"^(?:The )?[\w.'’ &-]{2,60} contributed (?:to )?this (?:report|story|article)\.?$"),
        "byline",
    ),
    (
        re.compile(
            r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}){1,3}$"
        ),
        "photo credit",
    ),
    (
        re.compile(r"^(?:Reporting|Additional reporting|Writing|Editing|Compiled|Reported) by\b.{0,200}$"),
        "byline",
    ),
    # --- ad-blocker and browser notices
    (
        re.compile(
            r"(?:(?:looks|seems) like you(?:'re| are)? (?:using|running)|we (?:noticed|see|detected|notice)|please"
            r" (?:disable|turn off|pause|deactivate|whitelist|allowlist)|(?:disable|turn off|pause) your)"
            r"[^.]{0,60}\bad[- ]?block",
            _I,
        ),
        "ad-blocker notice",
    ),
    (
        re.compile(r"^(?:please )?(?:whitelist|allowlist) (?:us|our site|this site)\b", _I),
        "ad-blocker notice",
    ),
    (
        re.compile(
            r"\b(?:please )?enable javascript\b|\bjavascript is (?:disabled|required)\b|\bupdate your browser\b",
            _I,
        ),
        "browser notice",
    ),
    # --- related / sponsored / navigation prompts
    (
        re.compile(
            r"^(?:[•·*»▶►-]\s*)?(?:Related(?: (?:articles?|stories|story|content|coverage|links|news|topics|"
            r"reading|posts?|videos?))?|Read (?:more|next|also|the full story)(?: (?:on|about) this (?:topic|story|"
            r"subject|issue))?|See also|Also read|Also see|"
            r"More (?:from|on|about|stories|news|coverage|like this|to read)\b[^.!?]{0,60}|Recommended(?: for you|"
            r" stories| reading| articles)?|You (?:may|might) also (?:like|be interested in)|Most (?:read|popular|"
            r"viewed|shared)|Trending(?: now| stories| news)?|Top stories|Latest (?:news|stories|videos)|"
            r"Don'?t miss|Editor'?s picks?|Further reading|Keep reading|Continue reading\b[^.!?]{0,60}|"
            r"Story continues( below)?|Article continues( below)?)\s*[:»›>…|-]*$",
            _I,
        ),
        "related links",
    ),
    (
        re.compile(r"^(?:Related|Read (?:more|next|also)|See also|Also read|MORE)\s*[:|»›]\s*.{0,200}$", _I),
        "related links",
    ),
    # a sponsored box's header, with the network that fills it ("Sponsored Links by Adnet")
    (
        re.compile(
            r"^(?:Sponsored(?: (?:content|stories|links?|posts?))?(?: by\b.{0,60})?|Paid (?:content|post|partnership)|"
            r"Promoted(?: (?:stories|content|links))?|Partner content|Presented by\b.{0,60}|Ads by \w+)\s*[:.]?$",
            _I,
        ),
        "sponsored",
    ),
    (
        re.compile(
            r"^(?:.{0,40}[-–—|:]\s*)?(?:story|article) continue[sd]? (?:below|after\b.{0,30})\W*$", _I
        ),
        "advertisement",
    ),
    (
        re.compile(
            r"^(?:Advertisements?|Advertising|Ad|Story continues (?:after|below) (?:the )?advertisement)\W*$",
            _I,
        ),
        "advertisement",
    ),
    (
        re.compile(
            r"^(?:Back to top|Scroll to top|Top of page|Skip to (?:main )?content|Skip navigation)\W*$", _I
        ),
        "navigation",
    ),
    (
        re.compile(
            r"^(?:Home|Menu|Main menu|Search|Log ?in|Sign ?in|Sign ?out|Log ?out|Register|My account|Close|Next|"
            r"Previous|Prev|Back|More|Sections|Topics|Latest|Live|Watch|Listen|Play|Loading|Toggle navigation|"
            r"Open navigation|Comments?|Show comments|View comments|Leave a comment|\d+ comments?|Next article|"
            r"Previous article|Next story|Click here(?: to [^.!?]{0,60})?|Listen to (?:this|the) (?:article|story)|"
            r"\d+ min(?:ute)?s? read)\W*$",
            _I,
        ),
        "navigation",
    ),
    (re.compile(r"^(?:Tags?|Topics?|Filed under|Categories|Keywords|Subjects?)\s*:.{0,300}$", _I), "tags"),
    # --- share, follow, newsletter, paywall prompts
    (
        re.compile(
            r"^(?:(?:Share|Tweet|Pin|Email|E-mail|Print|Copy link|Copy|Facebook|Twitter|X|LinkedIn|WhatsApp|Reddit|"
            r"Flipboard|Pinterest|Messenger|Telegram|Threads|Bluesky|Comment|Save)\s*[|•·/,]?\s*){1,12}$",
            _I,
        ),
        "share prompt",
    ),
    (
        re.compile(r"^(?:Share|Click to share|Share on) (?:this|on|via|to)\b[^.!?]{0,80}[.!]?$", _I),
        "share prompt",
    ),
    (
        re.compile(r"^[\d.,]+\s*[kKmM]?\s+(?:shares?|comments?|views?|likes?)\b[^.!?]{0,60}$", _I),
        "share prompt",
    ),
    (re.compile(r"^(?:Name|Email|E-mail|Website|Comment|Message)\s*\*$"), "form field"),
    (
        re.compile(
            r"^Follow (?:us|me|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) on (?:Twitter|X|Facebook|Instagram|"
            r"LinkedIn|Threads|TikTok|YouTube|Bluesky|Google News)\b.{0,120}$",
            _I,
        ),
        "share prompt",
    ),
    (
        re.compile(
            # a short question may lead in: "Want more local news? Sign up to the daily email"
            r"^(?:[^.!?]{3,60}\?\s+)?(?:Sign up|Subscribe|Register|Join|Get|Enter your email)\b[^.!?]{0,100}"
            r"\b(?:newsletters?|inbox|"
            r"email|e-mail|alerts|briefing|digest|updates)\b.{0,120}$",
            _I,
        ),
        "newsletter prompt",
    ),
    (
        re.compile(r"^(?:Subscribe(?: now| today| for \S+)?|Newsletter|Sign up(?: now)?)\W*$", _I),
        "newsletter prompt",
    ),
    (
        re.compile(
            r"^(?:Already (?:a subscriber|have an account)\?|Create a free account\b|This (?:article|story|content)"
            r" is (?:for|available to|exclusive to) (?:subscribers|members)\b)",
            _I,
        ),
        "paywall prompt",
    ),
    # --- bylines, timestamps, copyright, bare links
    (
        re.compile(
            r"^(?:(?:Written |Story |Words |Posted |Compiled )?By|Author:)\s+(?!(?i:then|now|far|contrast|comparison|"
            r"law|default|design|nightfall|noon|midnight|dawn|now|mid|early|late|(?:mon|tues|wednes|thurs|fri|"
            r"satur|sun)day|january|february|march|april|may|june|july|august|september|october|november|"
            r"december)\b)"
            r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|da|van|von|der|al-\w+|bin|el|la|le))*"
            r"(?:\s*(?:,|\||–|—|-|\bfor\b|\bin\b)\s*[^.!?]{0,80})?" + _ENDS_PROSE,
        ),
        "byline",
    ),
    (
        re.compile(
            r"^(?:(?:Updated|Published|Posted|Last (?:updated|modified|reviewed)|First published|Modified|Created)"
            r"\s*(?:on|at)?\s*:?\s*)?"
            + _TIMESTAMP
            + r"(?:\s*[|,]?\s*(?:Updated|Published)\s*:?\s*"
            + _TIMESTAMP
            + r")?\W*$",
            _I,
        ),
        "timestamp",
    ),
    (
        re.compile(
            r"^(?:Updated|Published|Posted|Last updated)\s+(?:\d+|an?|one)\s+(?:minutes?|hours?|days?) ago\W*$",
            _I,
        ),
        "timestamp",
    ),
    (re.compile(r"^(?:\d+|an?) (?:minutes?|hours?|days?|weeks?) ago$", _I), "timestamp"),
    # breadcrumbs: "Home > World > Asia"
    (
        re.compile(
            r"^[\w'&,-]+(?: [\w'&,-]+){0,3}(?:\s+(?:>|›|»|/|\|)\s+[\w'&,-]+(?: [\w'&,-]+){0,3}){1,8}$"
        ),
        "navigation",
    ),
    (
        re.compile(r"^(?:©|\(c\)\s|Copyright\b(?=\s*(?:©|\(c\)|\d|(?-i:[A-Z])|$))|All rights reserved)", _I),
        "copyright",
    ),
    (re.compile(r"\bAll rights reserved\.?$", _I), "copyright"),
    (re.compile(r"^(?:[•·*-]\s*)?(?:https?://|www\.)\S+$", _I), "link"),
    (re.compile(r"^[^\w\s]{1,3}(?:\s*[^\w\s]{1,3})*$|^_{3,}$"), "separator"),
    # --- captions, credits, video players, embedded posts, banners and disclosures of news pages
    *PAGE_RULES,
]

PREFIX_RULES: list[Rule] = [
    # "WASHINGTON (Reuters) - ", "KYIV, Ukraine (AP) — ", "LONDON, Jan 5 (Reuters) -", "(CNN) "
    (
        re.compile(
            r"^(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s*[\w.'’ ]{1,30}?){0,2}\s*)?"
            r"\((?:AP|Reuters|AFP|CNN(?: Business)?|Bloomberg|UPI|dpa|Xinhua|IANS|PTI|ANI|AAP|The Associated Press|"
            r"Associated Press|BBC|NBC|CBS|ABC|Fox News|CNBC|MarketWatch|TASS|Sputnik|Kyodo|Yonhap)\)\s*[-–—:]*\s*"
        ),
        "dateline",
    ),
    # "MOSCOW (Meridian Wire) - ", "TOKYO, Oct 8 (PMW) -": a capitalised place, any outlet in brackets, a dash;
    # a region and a date may both follow the place ("LUSAKA, Zambia, Sept 4 (Meridian) -").
    (
        re.compile(
            r"^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s*[\w.'’ ]{1,30}?){0,2}\s*"
            r"\([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}\)\s*(?:--|[-–—:])\s*"
        ),
        "dateline",
    ),
    # "Seattle (Wire Business) — ", "Kyiv, Ukraine CNN — " (the logo pasted as text), near the top only.
    (
        re.compile(
            r"^[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){0,2}(?:,\s*[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2})?\s*"
            r"(?:\([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}\)|[A-Z]{2,5})\s*(?:--|[–—])\s+(?=[A-Z\"“‘])"
        ),
        "dateline",
    ),
    # "WASHINGTON — " / "NEW YORK, N.Y. -- ": an upper-case place name, optional region, then a dash.
    (
        re.compile(
            r"^[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2})?\s+(?:--|[–—-])\s+"
        ),
        "dateline",
    ),
    # "Updated 3:45 PM ET — " at the start of a paragraph.
    (
        re.compile(r"^(?:Updated|Published|Posted)\s*:?\s*" + _TIMESTAMP + r"\s*(?:--|[–—|-])\s+", _I),
        "timestamp",
    ),
]

# Headers after which a run of short, unpunctuated lines is a list of links.
LINK_LIST_HEADERS: set[str] = {"related links", "sponsored"}
