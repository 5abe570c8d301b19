"""A small, general gazetteer: countries, their common short forms and acronyms, continents.

Used to fix what the statistical model gets wrong about places: acronyms it tags as organisations
("ROK", "DPRK"), spellings that name the same country ("U.S.", "US", "United States"), and country
names it misses in tables and headlines.  Forms map to one canonical name.
"""

from __future__ import annotations

# canonical name: other forms (full names, short names, acronyms)
_COUNTRIES: dict[str, tuple[str, ...]] = {
    "Afghanistan": (), "Albania": (), "Algeria": (), "Andorra": (), "Angola": (), "Antigua and Barbuda": (),
    "Argentina": (), "Armenia": (), "Australia": (), "Austria": (), "Azerbaijan": (), "Bahamas": (),
    "Bahrain": (), "Bangladesh": (), "Barbados": (), "Belarus": (), "Belgium": (), "Belize": (), "Benin": (),
    "Bhutan": (), "Bolivia": (), "Bosnia and Herzegovina": ("Bosnia-Herzegovina", "Bosnia"), "Botswana": (),
    "Brazil": (), "Brunei": (), "Bulgaria": (), "Burkina Faso": (), "Burundi": (), "Cambodia": (),
    "Cameroon": (), "Canada": (), "Cape Verde": (), "Central African Republic": (), "Chad": (), "Chile": (),
    "China": ("People's Republic of China", "PRC"), "Colombia": (), "Comoros": (), "Congo": (),
    "Democratic Republic of Congo": ("Democratic Republic of the Congo", "DRC"), "Costa Rica": (),
    "Ivory Coast": ("Cote d'Ivoire", "Côte d'Ivoire"), "Croatia": (), "Cuba": (), "Cyprus": (),
    "Czech Republic": ("Czechia",), "Denmark": (), "Djibouti": (), "Dominica": (), "Dominican Republic": (),
    "East Timor": ("Timor-Leste",), "Ecuador": (), "Egypt": (), "El Salvador": (), "Equatorial Guinea": (),
    "Eritrea": (), "Estonia": (), "Eswatini": ("Swaziland",), "Ethiopia": (), "Fiji": (), "Finland": (),
    "France": (), "Gabon": (), "Gambia": (), "Georgia": (), "Germany": (), "Ghana": (), "Greece": (),
    "Grenada": (), "Guatemala": (), "Guinea": (), "Guinea-Bissau": (), "Guyana": (), "Haiti": (),
    "Honduras": (), "Hungary": (), "Iceland": (), "India": (), "Indonesia": (), "Iran": (), "Iraq": (),
    "Ireland": ("Irish Republic",), "Israel": (), "Italy": (), "Jamaica": (), "Japan": (), "Jordan": (),
    "Kazakhstan": (), "Kenya": (), "Kiribati": (), "Kosovo": (), "Kuwait": (), "Kyrgyzstan": (), "Laos": (),
    "Latvia": (), "Lebanon": (), "Lesotho": (), "Liberia": (), "Libya": (), "Liechtenstein": (),
    "Lithuania": (), "Luxembourg": (), "Madagascar": (), "Malawi": (), "Malaysia": (), "Maldives": (),
    "Mali": (), "Malta": (), "Marshall Islands": (), "Mauritania": (), "Mauritius": (), "Mexico": (),
    "Micronesia": (), "Moldova": (), "Monaco": (), "Mongolia": (), "Montenegro": (), "Morocco": (),
    "Mozambique": (), "Myanmar": ("Burma",), "Namibia": (), "Nauru": (), "Nepal": (), "Netherlands": ("Holland",),
    "New Zealand": (), "Nicaragua": (), "Niger": (), "Nigeria": (), "North Macedonia": ("Macedonia",),
    "Norway": (), "Oman": (), "Pakistan": (), "Palau": (), "Palestine": ("Palestinian Territories",),
    "Panama": (), "Papua New Guinea": (), "Paraguay": (), "Peru": (), "Philippines": (), "Poland": (),
    "Portugal": (), "Qatar": (), "Romania": (), "Russia": ("Russian Federation",), "Rwanda": (),
    "Saint Lucia": (), "Samoa": (), "San Marino": (), "Saudi Arabia": (), "Senegal": (), "Serbia": (),
    "Seychelles": (), "Sierra Leone": (), "Singapore": (), "Slovakia": (), "Slovenia": (),
    "Solomon Islands": (), "Somalia": (), "South Africa": (), "South Sudan": (), "Spain": (), "Sri Lanka": (),
    "Sudan": (), "Suriname": (), "Sweden": (), "Switzerland": (), "Syria": (), "Taiwan": (),
    "Tajikistan": (), "Tanzania": (), "Thailand": (), "Togo": (), "Tonga": (), "Trinidad and Tobago": (),
    "Tunisia": (), "Turkey": ("Turkiye", "Türkiye"), "Turkmenistan": (), "Tuvalu": (), "Uganda": (),
    "Ukraine": (), "United Arab Emirates": ("UAE", "U.A.E."), "Uzbekistan": (), "Vanuatu": (),
    "Vatican": ("Vatican City", "Holy See"), "Venezuela": (), "Vietnam": ("Viet Nam",), "Yemen": (),
    "Zambia": (), "Zimbabwe": (), "Yugoslavia": (), "Soviet Union": ("USSR", "U.S.S.R."),
    "Hong Kong": (), "Puerto Rico": (), "Greenland": (), "Scotland": (), "Wales": (), "England": (),
    "Northern Ireland": (),
    "United States": ("United States of America", "USA", "U.S.A.", "US", "U.S.", "America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "South Korea": ("Republic of Korea", "ROK", "Korea"),
    "North Korea": ("Democratic People's Republic of Korea", "DPRK", "D.P.R.K."),
}

_REGIONS: tuple[str, ...] = (
    "Africa", "Asia", "Europe", "North America", "South America", "Latin America", "Antarctica", "Oceania",
    "Middle East", "Central Asia", "Southeast Asia", "East Asia", "South Asia", "Caribbean", "Balkans",
    "Scandinavia", "Gulf", "Persian Gulf", "Korean Peninsula", "Mediterranean", "Pacific", "Atlantic",
    "Arctic", "Sahara", "Indo-Pacific", "Asia-Pacific", "West Bank", "Gaza Strip", "Gaza", "Siberia", "Kashmir", "Crimea", "Chechnya",
)

# Counties and regions of the UK and Ireland that the model takes for surnames; recognised only when the
# model marks them as names (never found by scanning: "Kent" is a surname too).
WEAK_PLACES: frozenset[str] = frozenset({
    "Kent", "Surrey", "Essex", "Sussex", "Middlesex", "Somerset", "Durham", "Glamorgan", "Norfolk", "Suffolk",
    "Devon", "Cornwall", "Cumbria", "Dorset", "Northumberland", "Rutland", "Merseyside", "Tyneside", "Ulster",
    "Munster", "Leinster", "Connacht", "Cheshire", "Yorkshire", "Lancashire",
})

# Nationality and group nouns and adjectives (written like names, but not people, organisations or places).
_DEMONYMS = """
Afghan Afghans Albanian Albanians Algerian Algerians American Americans Angolan Argentine Argentinian Armenian
Armenians Asian Asians Australian Australians Austrian Austrians Azeri Azerbaijani Bangladeshi Belarusian Belgian
Belgians Bolivian Bosnian Bosnians Brazilian Brazilians British Briton Britons Bulgarian Bulgarians Burmese
Cambodian Cameroonian Canadian Canadians Chilean Chinese Colombian Congolese Croat Croats Croatian Cuban Cubans
Cypriot Czech Czechs Dane Danes Danish Dutch Dutchman Ecuadorean Egyptian Egyptians Emirati English Englishman
Eritrean Estonian Ethiopian Ethiopians European Europeans Filipino Filipinos Finn Finns Finnish French Frenchman
Georgian German Germans Ghanaian Greek Greeks Guatemalan Haitian Hungarian Hungarians Icelandic Indian Indians
Indonesian Iranian Iranians Iraqi Iraqis Irish Irishman Israeli Israelis Italian Italians Jamaican Japanese
Jordanian Kazakh Kenyan Kenyans Korean Koreans Kosovar Kurd Kurds Kurdish Kuwaiti Kyrgyz Latvian Lebanese Liberian
Libyan Lithuanian Macedonian Malaysian Malian Maltese Mexican Mexicans Moldovan Mongolian Montenegrin Moroccan
Namibian Nepalese Nigerian Nigerians Norwegian Norwegians Pakistani Pakistanis Palestinian Palestinians Panamanian
Paraguayan Peruvian Pole Poles Polish Portuguese Qatari Romanian Romanians Russian Russians Rwandan Saudi Saudis
Scot Scots Scottish Senegalese Serb Serbs Serbian Singaporean Slovak Slovakian Slovene Slovenian Somali Somalis
South African Spaniard Spaniards Spanish Sri Lankan Sudanese Swede Swedes Swedish Swiss Syrian Syrians Taiwanese
Tajik Tajiks Tanzanian Thai Tunisian Turk Turks Turkish Ugandan Ukrainian Ukrainians Uruguayan Uzbek Venezuelan
Vietnamese Welsh Welshman Yemeni Yugoslav Zambian Zimbabwean Arab Arabs Muslim Muslims Christian Christians
Catholic Catholics Protestant Protestants Jew Jews Jewish Hindu Hindus Sikh Sikhs Buddhist Buddhists Sunni Shia
Shi'ite Shiite Democrat Democrats Republican Republicans Conservative Conservatives Liberal Liberals Socialist
Socialists Communist Communists Soviet Western Westerners Eastern Northern Southern Olympic
"""
DEMONYMS: frozenset[str] = frozenset(_DEMONYMS.split())

# Postal/AP abbreviations of Canadian provinces and US states as written after a city ("Halifax, N.S.").
_ABBREVIATIONS: dict[str, str] = {
    "Ont.": "Ontario", "Que.": "Quebec", "B.C.": "British Columbia", "Alta.": "Alberta", "Sask.": "Saskatchewan",
    "N.S.": "Nova Scotia", "N.B.": "New Brunswick", "Nfld.": "Newfoundland and Labrador", "P.E.I.": "Prince Edward Island",
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma",
    "Ore.": "Oregon", "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington", "W.Va.": "West Virginia",
    "Wis.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "Washington, D.C.",
}

# form -> canonical name; the canonical name maps to itself.
PLACES: dict[str, str] = {}
for _name, _forms in _COUNTRIES.items():
    PLACES[_name] = _name
    for _f in _forms:
        PLACES[_f] = _name
for _r in _REGIONS:
    PLACES.setdefault(_r, _r)
# Without their final dot too: the model's spans and the tokeniser often leave it out ("Ont").
ABBREVIATIONS: dict[str, str] = {**_ABBREVIATIONS, **{k.rstrip("."): v for k, v in _ABBREVIATIONS.items() if k.count(".") == 1}}

COUNTRIES: frozenset[str] = frozenset(_COUNTRIES)

# Forms that are ordinary words or common given names too: recognised only when the model (or an
# unambiguous context such as a results table) already says they are names, never found by scanning.
AMBIGUOUS: frozenset[str] = frozenset({"Jordan", "Georgia", "Chad", "Niger", "Guinea", "America", "Korea", "Gulf",
                                       "Pacific", "Atlantic", "Mali", "Oman", "Congo", "Vatican"})


def canonical_place(form: str) -> str | None:
    """The canonical name of a country or region written as ``form`` (exact spelling, then dotted)."""
    hit = PLACES.get(form) or ABBREVIATIONS.get(form)
    if hit is None and "." in form:
        hit = PLACES.get(form.replace(" ", ""))
    return hit


def is_country(form: str) -> bool:
    name = canonical_place(form)
    return name is not None and name in COUNTRIES

# Common given names (English and international): a two- or three-word name starting with one of these
# is a person's, whatever the model thought.  A general resource, deliberately only frequent names.
_GIVEN = """
Aaron Abdul Abdullah Adam Adrian Ahmed Aisha Alan Albert Alberto Alejandro Alex Alexander Alexandra Alexei Alfred Ali
Alice Alicia Alison Amanda Amber Amy Ana Andrea Andreas Andrei Andrew Andy Angela Angelo Anil Ann Anna Anne Annie
Anthony Antonio Arjun Arthur Ashley Barbara Barry Ben Benjamin Bernard Beth Betty Bill Billy Bob Bobby Boris Brad
Bradley Brandon Brenda Brian Bruce Bryan Carl Carlos Carmen Carol Caroline Catherine Charles Charlie Charlotte Chen
Cheryl Chris Christian Christina Christine Christopher Claire Claudia Colin Connor Craig Cynthia Dan Daniel Daniela
Danny Dave David Dean Deborah Debra Denis Dennis Derek Diana Diane Dimitri Dmitry Dominic Donald Donna Doris Dorothy
Doug Douglas Dylan Ed Eddie Edward Elena Elizabeth Ellen Emily Emma Eric Erik Erin Ethan Eugene Eva Evan Fatima
Felix Fernando Frances Francesco Francis Francisco Frank Fred Frederick Gabriel Gabriela Gary Gavin George Georg
Gerald Gerhard Gloria Gordon Grace Graham Greg Gregory Hannah Hans Harold Harry Hassan Heather Helen Helmut Henry
Hiroshi Hugh Hussein Ian Igor Isabel Ivan Jack Jacob Jacques James Jamie Jan Jane Janet Janice Jason Javier Jean
Jeff Jeffrey Jennifer Jenny Jeremy Jerry Jessica Jim Jimmy Joan Joanne Joe Joel Johann John Johnny Jon Jonathan
Jordan Jorge Jose Joseph Josh Joshua Joyce Juan Judith Judy Julia Julian Julie Justin Karen Karl Kate Katherine
Kathleen Kathryn Katie Keith Kelly Ken Kenneth Kevin Kim Kyle Larry Laura Lauren Laurent Lee Leo Leonard Lina
Linda Lisa Liz Lloyd Lorenzo Louis Louise Lucas Lucy Luis Luke Maggie Manuel Marc Marco Margaret Maria Marie
Marina Mario Mark Martha Martin Mary Matt Matthew Maurice Max Megan Melissa Michael Michel Michelle Miguel Mike
Mikhail Mohamed Mohammad Mohammed Monica Muhammad Nancy Natalie Nathan Neil Nicholas Nick Nicola Nicole Nikolai
Nina Noah Norman Oleg Oliver Olivia Omar Oscar Pablo Pamela Paolo Pat Patricia Patrick Paul Paula Pedro Peter
Philip Phillip Pierre Rachel Rahul Raj Ralph Ramon Randy Raymond Rebecca Richard Rick Rita Rob Robert Roberto
Robin Roger Ron Ronald Rosa Rose Roy Russell Ruth Ryan Sally Sam Samantha Samuel Sandra Sara Sarah Scott Sean
Sergei Sergey Sharon Shirley Simon Sofia Sophie Stefan Stephanie Stephen Steve Steven Stuart Susan Suzanne Tanya
Ted Teresa Terry Thomas Tim Timothy Tina Todd Tom Tommy Tony Tracy Ulrich Valerie Vanessa Victor Victoria Vincent
Viktor Vladimir Walter Wang Wayne Wei Wendy William Willie Wolfgang Xavier Yuri Yusuf Zhang
"""
GIVEN_NAMES: frozenset[str] = frozenset(_GIVEN.split())
