"""Small closed word lists: places, months and days, honorifics, street designators, name particles.

Places are here so that ``Austin Texas`` or ``Paris France`` is not taken for a person, and so that an
address can end in a state or country. The lists are general knowledge (ISO 3166 country names, US
states, postal street-type abbreviations in common European languages), not taken from any data set.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The set of the space-separated words of ``text``."""
    return frozenset(text.split())


__all__ = [
    "CALENDAR",
    "FAMOUS_ADDRESSES",
    "FUNCTION_WORDS",
    "HONORIFICS",
    "NATIONALITIES",
    "ORG_WORDS",
    "OTHER_LANGUAGE_WORDS",
    "PARTICLES",
    "PASSWORD_WORDS",
    "PLACES",
    "PLACE_PREFIXES",
    "RELATIONS",
    "STREET_TYPES",
    "UNIT_WORDS",
    "US_STATE_CODES",
    "words",
]

# The people of someone's life, after "my" (a regular-expression alternation, for the lower-cased text):
# "my daughter Maria" introduces a name, "my boss's email" makes a text personal, "She is my intern"
# ties a name to the writer.
RELATIONS = (
    r"wife|husband|son|daughter|mother|mom|mum|father|dad|friend|boss|colleague|coworker|co-worker|partner|"
    r"neighbou?r|brother|sister|manager|doctor|lawyer|roommate|flatmate|fianc[ée]e?|boyfriend|girlfriend|"
    r"cousin|uncle|aunt|grandmother|grandma|grandfather|grandpa|child|kid|nephew|niece|teacher|landlord|"
    r"tenant|employee|assistant|client|patient|ex|spouse|stepson|stepdaughter|in-laws?|parents?|family|"
    r"intern|student|pupil|tutor|therapist|coach|mentor|supervisor|nanny|babysitter|caregiver|carer"
)

US_STATES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho "
    "illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota "
    "mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah "
    "vermont virginia washington wisconsin wyoming carolina dakota hampshire jersey york mexico"
)
US_STATE_CODES = words(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AA AE AP"
)
COUNTRIES = (
    "afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas "
    "bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei "
    "bulgaria burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus "
    "czech czechia denmark djibouti dominica ecuador egypt england eritrea estonia eswatini ethiopia fiji "
    "finland france gabon gambia germany ghana greece grenada guatemala guinea guyana haiti honduras "
    "hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya "
    "kiribati korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein "
    "lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius micronesia "
    "moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands "
    "nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland "
    "portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia "
    "somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga "
    "trinidad tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican "
    "venezuela vietnam yemen zambia zimbabwe scotland wales britain america europe asia africa "
    "burkina faso lanka salvador zealand saudi arabia leone verde timor papua marino macedonia "
    "herzegovina grenadines kitts nevis emirates "
    # lands of history
    "persia mesopotamia babylon carthage sparta byzantium prussia gaul anatolia assyria judea sumer "
    "phoenicia nubia bohemia moravia burgundy castile aragon bengal siam ceylon rhodesia"
)
CITIES = (
    "london paris berlin madrid rome vienna prague budapest warsaw amsterdam brussels lisbon dublin "
    "athens oslo stockholm copenhagen helsinki zurich geneva moscow istanbul cairo tokyo beijing shanghai "
    "delhi mumbai sydney melbourne toronto vancouver montreal chicago boston houston dallas austin denver "
    "seattle phoenix atlanta miami orlando detroit philadelphia baltimore portland angeles vegas "
    "brooklyn manhattan hollywood oxford cambridge manchester liverpool edinburgh glasgow barcelona "
    "munich hamburg frankfurt milan venice florence naples lyon marseille orleans"
)
# Words that make a capitalised pair a place name (Saint Vincent, San Juan, Hamilton East, Fort Worth).
PLACE_WORDS = (
    "saint san santa santo sao são st ste port fort mount mt mont lake east west north south new upper lower "
    "great little old cape isle isla las los el la monte costa puerto porto rio villa ville city county "
    "valley beach bay island islands springs falls heights loch"
)
PLACES = words(" ".join((US_STATES, COUNTRIES, CITIES, PLACE_WORDS)))
# Words that open a place name, so the name-like words after them are part of it (San Giuseppe, Fort Worth).
PLACE_PREFIXES = words(
    "saint san santa santo sao são st ste port fort mount mt mont monte cape isle isla las los puerto porto "
    "rio lake loch"
)

# Words that are never part of a person's name, though a baby-name list may hold them (In, An, The).
FUNCTION_WORDS = words(
    "a an the of on at to in into for by with from and or but if as is it be do so no not all any my our "
    "his her its this that these those what which who whom whose when where why how than then there here "
    "some each every very also just only even both either neither nor per via "
    "i'm i’m i'd i’d i've i’ve i'll i’ll"  # "I'm Wei Chen": the name starts after the contraction
)

# The word for password in other languages, written as one word in a Latin script: a credential name
# to classifiers.privacy.assignments, and no person's name ("Şifre: ..." opens a form line).
PASSWORD_WORDS = words(
    "passwort contraseña contrasena senha wachtwoord passord salasana lösenord losenord adgangskode hasło "
    "haslo heslo lozinka geslo jelszó jelszo şifre sifre parolă"
)

# Function words of other languages (German, French, Spanish, Italian, Portuguese, Dutch, Polish,
# Swedish, Finnish), lower case with their accents, and the words for password: never a name, and two
# of them in a text say it is not English, where a capitalised word alone (a noun, a question word
# opening a sentence) tells nothing.
# Left out: those that are also English words or names (son, come, was, con, sin, una, les, des, das,
# che, chi, em, du, della, dove, como, per, et, los, las, hoe, jest, um, and the possessives ma, mi, mia,
# su).
OTHER_LANGUAGE_WORDS = PASSWORD_WORDS | words(
    "und ist nicht ein eine einen einem einer ich wir ihr sie mit auf für zwischen kann kannst welche "
    "welcher welches warum wieso wer wo wie bitte oder aber auch noch sehr mein meine meinem meinen meiner "
    "dein deine seine unser unsere mes mio meu minha mijn zu zum zur nach über gibt habe sind wird werden "
    "keine sich wenn diese dieser dieses "
    "est pour dans qui quelle quel quels quelles comment pourquoi avec sans faire c'est je nous vous "
    "ils elles où très aussi être avoir cette sont suis "
    "para qué cómo cuál cuáles por está están yo tú dónde cuándo quién porque muy también esto tengo "
    "è il delle degli cosa perché sono qual quale io noi voi molto "
    "é uma não são faço eu você nós onde quando quem muito "
    "het een wat werkt niet ook maar voor "
    "jak nie się czy gdzie dlaczego kto "
    "hur är och att ett det inte vad varför "
    "ja mikä miten onko mitä miksi ei"
)

# Nationalities, languages, regions and faiths written with a capital: adjectives, never a person.
NATIONALITIES = words(
    "american british english french german spanish italian russian chinese japanese korean indian greek "
    "arab arabic swedish norwegian danish finnish dutch flemish polish czech slovak hungarian turkish "
    "brazilian mexican canadian australian irish scottish welsh portuguese african european asian latin "
    "nordic baltic slavic celtic persian iranian iraqi syrian egyptian moroccan algerian tunisian israeli "
    "jewish hebrew yiddish christian muslim islamic catholic protestant orthodox hindu buddhist sikh "
    "pakistani bangladeshi afghan nepali thai vietnamese filipino indonesian malaysian singaporean "
    "nigerian kenyan ghanaian ethiopian somali sudanese argentine argentinian chilean colombian peruvian "
    "venezuelan cuban jamaican haitian ukrainian belarusian romanian bulgarian serbian croatian bosnian "
    "slovenian albanian macedonian lithuanian latvian estonian icelandic austrian swiss belgian "
    "luxembourgish maltese cypriot georgian armenian azerbaijani kazakh uzbek mongolian tibetan "
    "korean taiwanese cantonese mandarin tamil bengali punjabi urdu swahili zulu basque catalan galician "
    "roman greek byzantine ottoman soviet victorian edwardian elizabethan georgian gothic baroque "
    "islam christianity judaism hinduism buddhism sikhism jainism taoism shinto zoroastrianism catholicism "
    "protestantism anglican lutheran methodist baptist mormon quaker sunni shia shiite"
)

CALENDAR = words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday "
    "sunday mon tue tues wed thu thur thurs fri sat sun christmas easter"
)

HONORIFICS = words(
    "mr mrs ms miss mx dr prof sir dame madam mme mlle herr frau sr sra srta señor señora monsieur "
    "madame rev fr capt col gen lt sgt officer detective judge attorney senator rep gov mister doctor "
    "professor nurse agent inspector sheriff coach uncle aunt grandma grandpa"
)

PARTICLES = words("van von der den de da di del della dos das du la le ter ten bin ibn al el st")

# Street designators: USPS suffix abbreviations and the commonest street words of European languages.
STREET_TYPES = words(
    "street st str strasse straße straat strada stra road rd avenue ave av avda avenida boulevard blvd "
    "bd bvd lane ln drive dr court ct place pl plaza plz square sq terrace ter terr way parkway pkwy "
    "highway hwy freeway fwy expressway expy circle cir crescent cres close trail trl alley aly row "
    "walk mews gardens gdns grove grv hill heights hts park pike ridge run view vista crossing xing "
    "path pass harbor harbour union junction jct loop point pt port route rte turnpike tpke landing "
    "meadow meadows estates esplanade promenade quay wharf causeway broadway "
    "rue chemin allee allée impasse quai cours calle carrera camino paseo rua travessa largo praca "
    "praça estrada rodovia alameda quadra via viale piazza corso vicolo ulica ul utca u út ut ter "
    "korut körút namesti náměstí trida třída gasse weg vej gade katu tie gatan vagen vägen veien "
    "vegen gata laan plein dreef kade singel allee platz ring damm ufer steenweg leoforos odos "
    "gate vei tér út útja puiestee tänav põik maantee kuja stræde gränd ulice aleja plac sokak sokağı "
    "cadde caddesi bulvar bulevardul rruga ulitsa prospekt vegur stræti"
)
UNIT_WORDS = words("apt apartment suite ste unit flat floor fl room rm bldg building box po psc")

# Words of organisation names: a lexicon name before one is part of the organisation (Wells Fargo Bank).
# Software, services and assistants named like people (Django, Jenkins, Julia, Alexa, Claude): in a
# text about software they are the product, not a person, when nothing else marks them as one.
TECH_NAMES = words(
    "django docker jenkins cassandra sinatra haskell perl julia scala lua alexa siri cortana vue flink "
    "gradle jira travis hugo deno prisma claude gemini kafka ansible jupyter copilot"
)
# People of scripture, named alone in a text about religion ("Which apostle denied Jesus?").
SCRIPTURE_NAMES = words(
    "jesus christ moses joseph mary abraham isaac jacob noah david solomon paul peter john matthew mark "
    "luke judas adam eve cain abel samson delilah goliath elijah elisha isaiah jeremiah ezekiel daniel "
    "jonah job ruth esther sarah rebekah rebecca rachel leah miriam aaron joshua saul herod pilate "
    "lazarus martha thomas andrew james philip bartholomew simon barnabas timothy gabriel michael "
    "lucifer satan muhammad ibrahim musa isa yusuf maryam nebuchadnezzar methuselah absalom bathsheba "
    "boaz naomi gideon deborah jezebel ahab"
)
# Words that make a text about religion.
RELIGION_CUES = words(
    "bible biblical gospel gospels apostle apostles disciple disciples testament prophet prophets god "
    "lord church scripture scriptures psalm psalms genesis exodus israelites pharaoh sinai heaven christ "
    "christian christians christianity jewish judaism torah quran koran islam muslim muslims crucified "
    "crucifixion resurrection miracle miracles angel angels sermon parable parables covenant "
    "commandments tabernacle synagogue baptism baptized baptised saint saints messiah nativity"
)
# Words that make a text about software.
TECH_CUES = words(
    "install installed installing installation configure configured config configuration build builds "
    "deploy deployed deployment code coding program programming function functions library libraries "
    "framework frameworks package packages plugin plugins version versions compile compiler runtime "
    "server servers container containers cluster pipeline pipelines query queries database api apis sdk "
    "cli script scripts syntax error errors exception debug debugging logging logs app apps application "
    "backend frontend repo repository github git commit branch module modules import class method "
    "variable variables kubernetes python javascript typescript java golang linux windows macos terminal "
    "command shell npm pip yarn cargo json yaml xml html css sql http endpoint request response model "
    "models prompt prompts llm chatbot assistant software developer developers image images digest "
    "registry dockerfile"
)
# Companies and brands known worldwide that are also people's names (general knowledge; "What does Bosch
# make?", "Kellogg's cereal"), read as brands in a text about companies or products (BRAND_CUES).
BRANDS = words(
    "accenture adidas adobe airbus aldi allianz amazon armani astrazeneca auchan audi bacardi "
    "balenciaga barclays bayer bentley bic boeing bosch breitling bridgestone bugatti burberry "
    "cadbury canon carrefour cartier chanel chevrolet chrysler cisco citibank citroen coca colgate "
    "compaq daimler danone dell deloitte dior disney dolby dunlop dyson easyjet emirates ericsson "
    "fendi ferragamo ferrari fiat ford gillette givenchy goodyear google grumman gucci guinness "
    "harrods hasbro heineken heinz hermes hershey hilton hitachi honda honeywell hoover hormel hsbc "
    "hublot hyatt hyundai ikea intel jaguar jpmorgan kellogg kelloggs kia kodak kpmg kraft kroger "
    "lamborghini lego levi levis lexus lidl lipton lockheed loreal lufthansa macys marriott maserati "
    "mattel maybach mazda mcdonald mcdonalds mckinsey mercedes merck michelin microsoft mitsubishi "
    "moderna motorola nestle netflix nike nikon nintendo nissan nokia nordstrom novartis nvidia "
    "olympus omega opel oracle panasonic pepsi pepsico peugeot pfizer philips pirelli porsche prada "
    "puma qantas raytheon reebok renault roche rolex ryanair safeway sainsbury samsung sanofi seiko "
    "siemens smucker sony starbucks subaru suzuki swatch tesco tesla tiffany tissot toyota tyson "
    "unilever valentino versace volvo waitrose walgreens walmart wendy wendys westinghouse whirlpool "
    "xerox yamaha zara"
)
# Words that make a text about companies or products.
BRAND_CUES = words(
    "company companies brand brands corporation firm manufacturer manufacture manufactures make makes "
    "made sell sells sold product products stock stocks shares shareholders market ceo founded founder "
    "car cars model models laptop laptops phone phones store stores shop shops hotel hotels perfume "
    "fashion handbag jewelry jewellery watch watches trademark trademarked logo factory business revenue "
    "sales price prices buy bought customers retailer chain brewery cereal airline airlines bank"
)
ORG_WORDS = words(
    "inc ltd llc plc gmbh corp corporation co company bank university college school hospital clinic "
    "institute foundation group museum church society association club partners brothers bros sons "
    "motors airlines industries international systems solutions technologies labs studios records press "
    "times post journal news gallery hotel restaurant cafe center centre consulting agency services "
    "holdings capital ventures insurance trust fund council "
    # buildings and landmarks named after someone or like a name ("Willis Tower", "Taj Mahal"); not the
    # words that are also names (Hall, Park, Wall, Gates, Temple, Castle, Lake, Dam, Abbey, Plaza, Cave)
    "tower towers bridge gate palace building island islands falls mosque cathedral fortress station "
    "airport memorial monument canal harbour harbor valley desert basilica shrine pagoda mausoleum "
    "pyramid pyramids theatre theater stadium zoo gardens tomb minar mahal cliffs lighthouse caves "
    "glacier volcano reef peninsula canyon observatory opera"
)

# Addresses known as landmarks or from fiction, not someone's home ("What happened at 10 Downing
# Street?"): the house number and the street's leading words, lower case.
FAMOUS_ADDRESSES: tuple[str, ...] = (
    "10 downing street", "11 downing street", "1600 pennsylvania", "221b baker", "4 privet drive",
    "12 grimmauld",
    "742 evergreen terrace", "1 infinite loop", "1600 amphitheatre", "1 apple park", "1 microsoft way",
    "350 fifth avenue", "30 rockefeller", "405 lexington", "1313 mockingbird", "124 conch street",
    "31 spooner street", "177a bleecker", "1060 west addison", "24 sussex drive", "2311 north los robles",
    "1640 riverside drive", "112 ocean avenue", "3 abbey road", "1 hacker way", "10 rillington",
    "7 eccles street", "62 west wallaby", "90 bedford street",
)  # fmt: skip
