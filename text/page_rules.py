"""Rules for what news pages carry around the prose: captions and credits, video players, embedded posts, cookie
banners, disclosures, prompts and stamps. ``slant.text.clean_rules.LINE_RULES`` ends with ``PAGE_RULES``.

The rules key on the *form* of furniture, not on outlet or agency names: a credit is "Name/Agency", "Name via
Agency", "Photo: Name" or a parenthesis of those at the end of a line; a stamp is a short line made only of dates,
times, zones and stamp words; a disclosure speaks of commissions or of views "not necessarily" shared.

Example:
    >>> from slant.text.clean import clean_text
    >>> raw = "The vote passed.\\n\\nSen. A and Sen. B arrive. (Kai Lo/POOL/Wire via Agency Images)\\n\\nIt rained."
    >>> [(r.text[-20:], r.reason) for r in clean_text(raw).removed]
    [('/Wire via Agency Images)', 'photo caption')]
"""

from __future__ import annotations

import re

Rule = tuple[re.Pattern[str], str]

_I = re.IGNORECASE
# A name in a credit: capitalised words, initials, "&", hyphens ("Kim Kyung-Hoon", "CQ-Frontline", "AP").
_NAME = r"[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|&|de|da|van|von|del|la|le|du|of|the|for))*"
# Words that label a credit ("Photo: Name", "Photography by Name", "Courtesy Name").
_CREDIT_WORD = r"(?:(?i:photo(?:graph(?:y|s)?|s)?|images?|pictures?|pic|illustration|video|footage|credit)|Source|Courtesy)"
# "Name/Agency[/Pool...]" with an optional "via Agency"; or "Name via Agency"; or "Photo (by|:) Name...".
_SLASHED = _NAME + r"(?:\s*/\s*" + _NAME + r"){1,4}(?:\s+via\s+" + _NAME + r")?"
# "Handout via Ministry/Outlet": the agency a picture came through may itself be slashed with the outlet.
_VIA = _NAME + r"\s+via\s+" + _NAME + r"(?:\s*/\s*" + _NAME + r"){0,3}"
_LABELLED = (
    r"(?:(?:Staff|File|Courier|Pool|Handout|[A-Z][\w'’-]*)\s+)?"
    + _CREDIT_WORD
    + r"(?:\s+(?:by|credit|courtesy(?: of)?)\s*[:|,]?\s*|\s*[:|,]\s*)"
    + r"(?:"
    + _SLASHED
    + r"|"
    + _VIA
    + r"|"
    + _NAME
    + r")"
)
_CREDIT = r"(?:" + _LABELLED + r"|" + _SLASHED + r"|" + _VIA + r")"
# Inside a closing parenthesis: a credit, or a bare agency tag in capitals "(AFP)", "(Handout)".
# ... or a credit word with a lower-case source note: "(Courier file photo)", "(Staff photo)", "(File image)".
_PAREN_CREDIT = (
    r"\(\s*(?:" + _CREDIT + r"|[A-Z]{2,6}(?:/[A-Z][\w-]*)*|Handout|Pool|File|Supplied"
    # "(Courtesy of the Ministry of Climate Change)": who handed the picture out
    r"|(?i:courtesy)(?: of)?\s+(?:the\s+)?"
    + _NAME
    + r"|(?:[A-Z][\w'’&-]*\s+){0,3}(?i:(?:file|staff|handout|archive|pool|courtesy|submitted)\s+)?"
    r"(?i:photo(?:graph)?|image|picture)s?)\s*\)\.?"
)
# Newsroom roles that end a byline's role line ("Health reporter", "Political Editor").
JOURNALIST_ROLE = (
    r"(?i:correspondent|reporter|editor|writer|columnist|critic|contributor|producer|commentator|photographer|"
    r"journalist|presenter|anchor)s?"
)
# Section names of news sites' menus ("Markets", "Business", "Tech", "Watchlist").
_SECTION = (
    r"News|World|Politics|Business|Markets?|Investing|Economy|Money|Tech|Technology|Science|Health|Wellness|Sports?|"
    r"Football|Soccer|Cricket|Rugby|Tennis|Golf|Culture|Arts|Entertainment|Showbiz|Celebrity|Lifestyle|Life|Style|"
    r"Fashion|Beauty|Travel|Food|Opinions?|Comment|Analysis|Videos?|Audio|Podcasts?|Photos|Watchlist|Weather|"
    r"Climate|Environment|Education|Local|National|International|US|UK|Europe|Asia|Africa|Americas|Australia|"
    r"Books|Music|Films?|Movies|TV|Television|Radio|Games|Gaming|Puzzles|Crosswords?|Obituaries|Newsletters|"
    r"Magazine|Cars|Motoring|Property|Homes|Real Estate|Crypto|Jobs|Careers|Shopping|Deals|Reviews|Latest|Live|"
    r"Home|Media|Royals|Space|Family|Parenting|Religion|Law|Courts|Crime|Investigations|Features|Events|Energy|"
    r"Innovation|Personal Finance|Retirement|Sustainability|Earth|Wildlife|Trending"
)
_SENTENCE_END = r"(?:[.!?”\"’')]\s+|\s+[|•]\s*)"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?"
)
_DAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"
# One word of a date/update stamp: numbers, times, months, days, zones, stamp words, separators.
STAMP_WORD = re.compile(
    r"^(?:\d{1,4}(?:[:./-]\d{1,4}){0,2}(?:st|nd|rd|th|am|pm|h)?,?|[ap]\.?m\.?,?|" + _MONTH + "|" + _DAY + "|"
    r"(?-i:[A-Z]{1,2}[SD]?T|GMT|UTC|BST|IST|CET|CEST|AEST|AEDT|JST|KST|WIB|SAST|EAT|WAT)\)?,?|"
    r"(?:updated|published|posted|modified|first|last|reviewed|created|on|at|ago|min|mins|minutes?|hours?|"
    r"hrs?|days?|weeks?|read|reading|time|just|now)\s*:?,?|[|•·—–-]|\()$",
    _I,
)

# Checked before the general rules of ``clean_rules``: players and credits alone on their line.
FIRST_PAGE_RULES: list[Rule] = [
    (
        re.compile(
            r"^(?:JUST WATCHED|MUST WATCH|Replay|More Videos(?: \.\.\.|…)?|Now playing|Up next|"
            r"Video Ad Feedback|Video|Watch now|Watch video|Play video|Autoplay|Loaded: [\d.]+%|Transcript|"
            r"\d{1,2}:\d{2}(?::\d{2})?)\W*$",
            _I,
        ),
        "video player",
    ),  # fmt: skip
    # a player's duration with its source under the video title: "02:47 - Source: Outlet"
    (re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*[-–—|·]\s*Source\s*:\s*[^.!?]{1,60}$"), "video player"),
    # ("Share via Email" is a share button, not a picture that came "via" an agency)
    (
        re.compile(r"^(?!(?:Share|Send|Post|Sign|Log|Follow|Subscribe)\b)\(?(?:" + _CREDIT + r")\)?\.?$"),
        "photo credit",
    ),
    (
        re.compile(r"^\(?(?:Handout|Pool|File|Supplied|Courtesy(?: photo)?|Stock image|AP|AFP)\)?\.?$", _I),
        "photo credit",
    ),
    (re.compile(r"^(?:toggle|hide|show) caption$", _I), "photo credit"),
    (
        re.compile(
            r"^(?:Credit\s*(?:\.{2,}|…)\s*\S.{0,80}|(?:Graphics?|Map|Chart|Illustrations?|Animation|Photo illustration|"
            r"Video|Data|Design)\s*(?:by\b|:)\s*[^.!?]{2,80}|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}/[a-zA-Z][\w'’-]+"
            r"(?: [A-Z][\w'’-]*){0,3})$"
        ),
        "photo credit",
    ),
    (re.compile(r"^\(?Courtesy(?: of)? [^.!?]{2,60}\)?$|^Source\s*:\s*[^.!?]{2,80}$"), "photo credit"),
]

PAGE_RULES: list[Rule] = [
    # --- photo captions and credits
    (
        re.compile(
            r"^(?:\(\s*L\s*(?:-|–|to)\s*R\s*\)|L\s*(?:-|–|to)\s*R\s*:|Left to right\s*:|From left\s*[:,])"
        ),
        "photo caption",
    ),
    (re.compile(r"^(?:Pictured|Above|Top|Main image|Caption|Photo caption)\s*:\s*\S", _I), "photo caption"),
    (re.compile(r"^FILE(?: PHOTO)?\s*(?:-|–|—|:)\s*\S"), "photo caption"),
    # where a person stands in the picture, in a line without a full stop: "Ana Ruiz (left) with her coach"
    (
        re.compile(
            r"^[^.!?]{3,200}\((?:inset|left|right|centre|center|top|bottom|above|below|pictured|far (?:left|right)"
            r"|(?:second|third) (?:from )?(?:left|right))\)[^.!?]*$",
            _I,
        ),
        "photo caption",
    ),
    (re.compile(_PAREN_CREDIT + r"$"), "photo caption"),
    (re.compile(_SENTENCE_END + r"(?:Staff |File |Courier )?(?:" + _CREDIT + r")\.?$"), "photo caption"),
    (re.compile(r"^(?:Open|View|Launch) (?:image )?gallery\b.{0,40}$|^\d+ of \d+$", _I), "photo caption"),
    # --- video players and their captions
    (
        re.compile(r"^(?:WATCH|Watch|VIDEO|Video|Highlights|LISTEN|Listen)\s*(?::|\||–|—)\s*[^.]{3,160}$"),
        "video caption",
    ),
    (re.compile(r"^[^.!?]{3,160}\s\(?\d{1,2}:\d{2}\)?$"), "video caption"),
    # --- embedded posts ("— Name (@handle) March 3, 2025"), Instagram and the like
    (
        re.compile(
            r"(?:^|\s)[—–-]{1,2}\s*[^—–()]{1,80}\(@\w{1,30}\)\s*(?:" + _MONTH + r"\s*\d{1,2},?\s*\d{4})?\s*$"
        ),
        "embedded post",
    ),
    (
        re.compile(
            r"^(?:View this post on (?:Instagram|Threads|TikTok|X)|A post shared by\b.{0,80}|"
            r"(?:Quote|Like|Reply|Repost|Retweet)s?|See (?:more|the latest) (?:posts|tweets)\b.{0,40})$",
            _I,
        ),
        "embedded post",
    ),  # fmt: skip
    (re.compile(r"(?:pic\.twitter\.com/\w+|https?://t\.co/\w+)\s*$"), "embedded post"),
    # a short-video post: it opens with its author's handle or credits its sound ("♬ original sound - name")
    (re.compile(r"♬|^@\w{2,30}\s.{0,400}#\w"), "embedded post"),
    # --- cookie and consent banners
    (
        re.compile(
            r"^(?:We(?: and our (?:partners|vendors))?|This (?:site|website)|Our (?:site|website)|"
            r"By (?:using|continuing to (?:use|browse)|clicking)\b[^.]{0,60})(?![^.]*\b(?:said|says|alleges?|"
            r"alleged|according)\b)[^.]{0,80}\bcookies?\b",
            _I,
        ),
        "cookie banner",
    ),  # fmt: skip
    (re.compile(r"^We (?:value|care about|respect) your privacy\b", _I), "cookie banner"),
    # "Your privacy matters to us. We use cookies ...": the banner's cookie sentence after a first one.
    (
        re.compile(
            r"^(?:Your|Our) privacy\b[^.!?]{0,60}[.!]\s+(?:We|This (?:site|website))\b[^.]{0,80}\bcookies?\b",
            _I,
        ),
        "cookie banner",
    ),
    (
        re.compile(
            r"^(?:(?:Accept|Reject|Refuse|Allow|Decline)(?: all)?(?: (?:and|&) (?:close|continue))?(?: cookies)?|"
            # a consent button naming the cookies it is about: "Reject non-essential", "Accept necessary only"
            r"(?:Accept|Reject|Refuse|Allow|Decline|Use) (?:all )?(?:non-?essential|optional|necessary|essential|"
            r"strictly necessary)(?: cookies)?(?: only)?|(?:Necessary|Essential) (?:cookies )?only|"
            r"I (?:agree|accept)|Show purposes|Manage (?:preferences|settings|"
            r"cookies|consent)|Cookie (?:settings|policy|preferences)|Privacy (?:settings|policy)|"
            r"Do not sell my (?:personal )?information|(?:Accept|Reject|Settings)(?:\s*\|\s*\w+)+)\W*$",
            _I,
        ),
        "cookie banner",
    ),  # fmt: skip
    # --- affiliate disclosures and republisher disclaimers
    (
        re.compile(
            r"\b(?:we|us|I)\b[^.]{0,60}\b(?:earn|receive|get|make)s?\b[^.]{0,40}\b(?:commissions?|"
            r"compensation|affiliate|a share of)|\bqualifying purchases\b|\baffiliate (?:links?|partners?|"
            r"programs?|commissions?)\b",
            _I,
        ),
        "disclaimer",
    ),  # fmt: skip
    (
        re.compile(
            r"\b(?:views|opinions)\s+(?:expressed|in this|of the (?:author|writer)s?|of this)\b[^.]{0,80}"
            r"\b(?:(?:do|does) not necessarily|are (?:solely )?(?:those of|the author'?s?|(?:his|her|their) "
            r"own))",
            _I,
        ),
        "disclaimer",
    ),  # fmt: skip
    (
        re.compile(
            r"\b(?:is|was|were|are|been) (?:re)?(?:published|posted|printed) (?:here )?(?:from|with "
            r"(?:the )?permission|under (?:a|the) Creative Commons)|^(?:This|A version of this) (?:article|story|piece|"
            r"column|post|essay|interview|report)\b[^.]{0,40}\b(?:first|originally) (?:appeared|ran|published) "
            r"(?:in|on|at|by)\b|^(?:It|This) (?:was )?(?:first|originally) (?:appeared|published)\b|\bproduced in partnership with\b|\bauto-generated from a "
            r"syndicated feed\b|\bis part of [A-Z][\w ]{1,40}, an? (?:international )?(?:media|publishing)"
            # the print note: "A version of this article appears in print on ...", "... in the May issue of ..."
            r"|^(?:This|A version of this) (?:article|story|piece|essay|column|review|interview) (?:also )?"
            r"appear(?:s|ed) in (?:print\b|the [^.]{0,60}\b(?:print edition|issue|edition)\b)",
            _I,
        ),
        "disclaimer",
    ),  # fmt: skip
    # the outlet disowning the sites it links to; a funder's note and the outlet's independence from it
    (
        re.compile(
            r"\bis not responsible for the content of (?:external|third[- ]party|other) (?:internet )?(?:sites|websites"
            r"|links|pages)\b|\b(?:coverage|journalism|reporting)\b[^.]{0,60}\b(?:is|are) (?:supported|funded|"
            r"underwritten|made possible) in part by\b|\bretains? (?:full |sole |complete )?editorial "
            r"(?:control|independence)\b"
            # "Climate coverage at the Post receives support from ...", "All content is editorially independent."
            r"|\b(?:coverage|journalism|reporting)\b[^.]{0,60}\b(?:receives?|gets?) (?:support|funding|grants?) "
            r"from\b|\b(?:is|are|remains?) editorially independent\b",
            _I,
        ),
        "disclaimer",
    ),  # fmt: skip
    (
        re.compile(
            r"^\(?(?:Editor'?s'? note|Disclosure(?: statement)?|Correction|Clarification|Note to readers)"
            # a correction may carry its date before the colon: "Correction, May 4, 2025:"
            r"(?:,?\s*[^:.]{3,40})?\s*:"
            # the correction's own sentence: "An earlier version of this story misstated ..."
            r"|^(?:An earlier|A previous) version of this (?:article|story|report|piece|column)\b",
            _I,
        ),
        "disclaimer",
    ),  # fmt: skip
    # --- newsletter, app and subscription prompts
    (
        re.compile(
            r"^(?=(?:.*[.!?:]\s+)?(?:Sign(?:ing)? up|Subscribe|Get|Download|Join|Enter)\b)"
            r"(?=.*\b(?:our|your|you)\b)(?=.*\b(?:newsletters?|inbox|alerts|our app|briefing|brief|unlimited "
            r"access|subscription)\b).{0,300}$",
            _I,
        ),
        "newsletter prompt",
    ),  # fmt: skip
    (
        re.compile(r"^(?:Enter your e-?mail(?: address)?|Your e-?mail(?: address)?|E-?mail address)\W*$", _I),
        "newsletter prompt",
    ),  # fmt: skip
    # "Sign up to Football Daily. ...": signing up to a named product is a newsletter prompt; so is the legal
    # line under the form ("By signing up you agree to our Terms ...").
    (re.compile(r"^Sign up (?:to|for) (?:the |our )?[A-Z][\w'’&-]*"), "newsletter prompt"),
    (
        re.compile(
            r"^By (?:signing up|subscribing|registering|submitting|entering your e-?mail|clicking [^,]{1,30}),? "
            r"you (?:agree|accept|consent)\b",
            _I,
        ),
        "newsletter prompt",
    ),
    (re.compile(r"^Subscribe(?: now| today)?(?: for| to| from)\b[^.!?]{0,60}$", _I), "newsletter prompt"),
    # an imperative "Subscribe to ..." opening a line is a pitch, however long ("Subscribe to keep reading. Get
    # unlimited digital access ..."); so is a plea for members or donations
    (re.compile(r"^Subscribe (?:now |today )?(?:to|for)\b.{0,240}$", _I), "paywall prompt"),
    (
        re.compile(
            r"^(?:Support (?:independent|local|quality|trusted|our|public[- ]interest|non-?profit) (?:journalism|"
            r"reporting|news)|Become an? (?:member|subscriber|supporter|patron)|(?:Donate|Give) (?:now|today)|"
            r"Make a (?:donation|contribution))\b.{0,160}$",
            _I,
        ),
        "paywall prompt",
    ),  # fmt: skip
    # a metered paywall counting down: "You have 2 free articles left this month."
    (
        re.compile(
            r"^You(?:'ve| have) (?:\d+|one|two|three|four|five|no) (?:free |more )?(?:articles?|stories|story|"
            r"reads?) (?:left|remaining)\b.{0,120}$",
            _I,
        ),
        "paywall prompt",
    ),
    # --- share, print, comment widgets
    # "Share or comment on this article:", "Email this story": a widget's label names the page itself
    (
        re.compile(
            r"^(?:Share|E-?mail|Print|Save|Send|Comment on|Tweet)(?: (?:or|and|&) (?:comment on|share|save|print))?"
            r" (?:this|the) (?:article|story|page|link|post)\W*$",
            _I,
        ),
        "share prompt",
    ),  # fmt: skip
    # a row of share buttons read out by their labels: "Share Article via Facebook Share Article via Email"
    (
        re.compile(
            r"^(?:(?:Share|Post|Send|E-?mail)(?: (?:this )?(?:article|story|link))?(?: (?:via|on|to|by) "
            r"(?:Facebook|Twitter|X|LinkedIn|E-?mail|WhatsApp|Reddit|Messenger|Bluesky|Threads|Pinterest|"
            r"Telegram|Flipboard|SMS|Text))?\s*[|•·,]?\s*){2,16}$",
            _I,
        ),
        "share prompt",
    ),  # fmt: skip
    # one share button on its line, read out by its label: "Share Story via WhatsApp"
    (
        re.compile(
            r"^(?:Share|Post|Send|E-?mail)(?: (?:this )?(?:article|story|link|page))? (?:via|on|to|by) "
            r"(?:Facebook|Twitter|X|LinkedIn|E-?mail|WhatsApp|Reddit|Messenger|Bluesky|Threads|Pinterest|"
            r"Telegram|Flipboard|SMS|Text)$",
            _I,
        ),
        "share prompt",
    ),
    # comment counters: "View 1,204 comments", "Comments 218"
    (
        re.compile(r"^(?:(?:View|Read|See|Show)(?: all)? [\d,.]+k? comments?|Comments?:? [\d,.]+k?)$", _I),
        "share prompt",
    ),
    # live-blog controls: "Show key events only", "Load earlier updates"
    (
        re.compile(
            r"^(?:Show|Load|View|See|Hide)(?: all| only)? (?:key events|(?:more|earlier|older|newer|later|latest|"
            r"previous|new) (?:updates|posts|events|entries))(?: only)?\W*$",
            _I,
        ),
        "navigation",
    ),  # fmt: skip
    (
        re.compile(
            r"^(?:Link copied|Copied|Print(?: this)?(?: article| story| page)?|Tweet this|"
            r"Share (?:your )?(?:thoughts|views|comments?|feedback)|Comments?\s*\(\d+\)|Join the "
            r"conversation(?:\s*\([\d,.]+k?\s+comments?\))?|Purchase (?:licensing|reprint) rights|Reprints?(?: (?:and|&) "
            r"permissions)?|Read \d+ comments?|Gift (?:this )?article|Save (?:this )?(?:article|story)?|"
            r"Listen to (?:this )?(?:article|story)(?: \d+ min)?)\W*$",
            _I,
        ),
        "share prompt",
    ),  # fmt: skip
    (
        re.compile(
            r"^(?:Share full article|Read in (?:the )?app|Open in app|Show more|Show less|Load more(?: comments| "
            r"stories)?|Follow|Following|Subscribed|Unfollow|Report an error|Corrections? policy|Contact us|"
            r"Terms (?:of (?:Use|Service)|and conditions)|About us|Accessibility|Site ?map|Careers|"
            r"Listen to (?:this )?(?:article|story)\W*\d{1,2}:\d{2}(?: min)?)\W*$",
            _I,
        ),
        "share prompt",
    ),
    (re.compile(r"^(?:Newsletter sign-?up|Sign-?up for (?:our )?newsletters?)\W*$", _I), "newsletter prompt"),
    (
        re.compile(r"^This content is (?:not available|blocked)\b.{0,80}\b(?:privacy|cookie|consent)", _I),
        "cookie banner",
    ),
    (
        re.compile(
            r"^(?:In other news|Most Popular(?: Stories| Articles)?|Popular now|Editors'? choice)\W*$", _I
        ),
        "related links",
    ),
    (re.compile(r"^Supported by$"), "advertisement"),
    # the ad slot's own labels: "SKIP ADVERTISEMENT" (a link past it), "Sponsor Message" (public radio's ad slot)
    (
        re.compile(
            r"^(?:(?:Skip|Close|Hide) (?:this )?(?:ad|advert|advertisement)|Sponsor(?:ed)? message)\W*$", _I
        ),
        "advertisement",
    ),
    # public media's underwriting credit: "Support for the station comes from ..."
    (
        re.compile(r"^Support for [A-Z][\w&.'’ -]{1,60}? (?:comes|is provided) (?:from|by)\b.{0,200}$"),
        "sponsored",
    ),
    # a betting offer's small print: "18+ T&Cs apply", "Please gamble responsibly", "New customers only"
    (
        re.compile(r"\bT&Cs? apply\b|\b(?:please )?gamble responsibly\b|\bnew customers only\b", _I),
        "sponsored",
    ),
    # --- advertising
    (
        re.compile(
            r"^(?:AdChoices|Ad Choices|Ad Feedback|Sponsored links?|Scroll to (?:continue|read more)\b.{0,40}|"
            r"(?:Article|Story|Content) continues? (?:below|after)\b.{0,40}|Continue reading below|"
            r"Advertisements?\s*[-–—·|•]\s*scroll to continue|Remove ads?|Ad-free\b.{0,40})\W*$",
            _I,
        ),
        "advertisement",
    ),
    # a site menu pasted as one line: four or more section names and nothing else ("Markets Business Tech Video")
    (re.compile(r"^(?:(?:" + _SECTION + r")(?:\s*(?:[|•·/,]|&|and)\s*|\s+|$)){4,24}$", _I), "navigation"),
    # --- more link lists
    (
        re.compile(
            r"^(?:MORE(?: [A-Z&]+){1,3}|Latest(?: \w+){0,2} (?:news|stories|videos|headlines)|"
            r"Related (?:coverage|reads?|video)|More (?:on|in) this (?:story|topic|series)|"
            r"What to read next|Top (?:videos|headlines))\W*$",
            _I,
        ),
        "related links",
    ),  # fmt: skip
    # deals boxes: a price at a store in any currency, and their buttons ("Buy now", "View Deal")
    (
        re.compile(
            r"^(?:Today'?s best\b.{0,60}\bdeals?|[$£€][\d,.]+ at [A-Z][\w .&'-]{1,40}|"
            r"(?:View|See|Check|Shop) (?:Deal|Deals|Price|at [A-Z]\w*)|Check (?:Amazon|price)|"
            r"(?:Buy|Shop|Order|Pre-?order) (?:now|here|today|it here))\W*$",
            _I,
        ),
        "sponsored",
    ),  # fmt: skip
    # --- bylines in their other forms
    (
        re.compile(
            r"^\(?(?:Reporting|Additional reporting|Writing|Editing|Compiled|Reported|Produced) by\b.{0,200}"
            r"\)?$"
        ),
        "byline",
    ),  # fmt: skip
    (
        re.compile(
            r"^(?:BY|by) [A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’ -]{0,60})?$"
        ),
        "byline",
    ),
    (
        re.compile(r"^By [A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]*){0,3} (?:at|in|from) [A-Z][\w.'’ ,-]{0,60}$"),
        "byline",
    ),
    (
        re.compile(
            r"^(?:From )?(?:Staff|Wire|News)(?: and (?:wire|news))?(?: reports?| services?| writers?)?$", _I
        ),
        "byline",
    ),  # fmt: skip
    # "Words by ...", "Live updates by ...": who wrote, reported or ran the page
    (
        re.compile(
            r"^(?:Words|Written|Story|Text|Interview|Photos?|Reporting|Analysis|(?:Guest )?[Ee]ssay|Opinion|"
            r"Commentary|Column|Review|Edited|Illustrations?|Live (?:updates|coverage|blog|reporting)|Updates|"
            r"Coverage) by [A-Z][\w.'’-]+"
            r"(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|&|\|)\s*[A-Z][\w.'’ -]{0,60})?$"
        ),
        "byline",
    ),
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b[^.]{0,40}\.?$"), "byline"),
    # where the writer filed from, under the byline: "Reporting from Lagos, Nigeria"
    (re.compile(r"^(?:Reporting|Reported|Writing) from [A-Z][\w.'’ ,-]{1,60}$"), "byline"),
    # the writer's name and newsroom role after a comma: "Ana Ruiz, Senior Health Correspondent"
    (
        re.compile(
            r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s*[,|]\s*(?:[A-Z][\w'’&-]*|and|of|for|&)"
            r"(?: (?:[A-Za-z][\w'’&-]*|and|of|for|&)){0,4} " + JOURNALIST_ROLE + r"$"
        ),
        "byline",
    ),
    # the author note's contact line: "... Follow her on Bluesky @handle", "Reach him on X"
    (
        re.compile(
            r"\b(?:Follow|Find|Reach|Contact) (?:him|her|them|me) (?:on|at|via) (?:Twitter|X|Bluesky|Threads|"
            r"Instagram|Mastodon|LinkedIn|Facebook|TikTok|@\w)"
        ),
        "byline",
    ),
    # the writer's name and handle run together, as a profile link and its handle paste: "Ana Ruiz@AnaRuizNews"
    (re.compile(r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s*@\w{2,30}$"), "byline"),
    # --- stamps in sentence form: "Last updated on 13 April 2025. From the section Athletics"
    (
        re.compile(
            r"^(?:(?:Last )?(?:updated|published|posted)(?: on)? [^.]{3,40}\.\s*)?From the section [A-Z][\w &'’-]{1,40}$",
            _I,
        ),
        "timestamp",
    ),
    # --- market-data notes under quotes and charts: "Data is delayed at least 15 minutes"
    (
        re.compile(
            r"\b(?:data|quotes?|prices?)\s+(?:(?:is|are)\s+)?delayed (?:by )?(?:at least |up to )?\d+\s*min|"
            r"\breal-time snapshot\b",
            _I,
        ),
        "disclaimer",
    ),
    # --- outlet notices
    (re.compile(r"^.{0,40}©"), "copyright"),
    (
        re.compile(r"\b(?:may not be (?:published|reproduced|redistributed)|Registered in England)\b", _I),
        "copyright",
    ),
]

# Reason classes, as the page suite's expected files name them (see tests/fixtures/pages/README.md).
REASON_CLASS: dict[str, str] = {
    "masthead": "masthead",
    "byline": "byline",
    "timestamp": "timestamp",
    "dateline": "dateline",
    "photo caption": "caption",
    "image caption": "caption",
    "photo credit": "credit",
    "image alt text": "credit",
    "video player": "video",
    "video caption": "video",
    "newsletter prompt": "newsletter",
    "paywall prompt": "newsletter",
    "share prompt": "share",
    "form field": "share",
    "related links": "related",
    "link list": "related",
    "sponsored": "sponsored",
    "advertisement": "ad",
    "ad-blocker notice": "ad",
    "browser notice": "ad",
    "disclaimer": "disclaimer",
    "copyright": "copyright",
    "cookie banner": "cookie",
    "pull quote": "pullquote",
    "embedded post": "embed",
    "navigation": "navigation",
    "tags": "navigation",
    "link": "navigation",
    "separator": "navigation",
}
