"""Name material: Dutch surnames (with prefixes), street stems and places, and their normalisation."""

SURNAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
    "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin",
    "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas",
    "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Jonge",
    "Kuipers", "van Veen", "Post", "Kuiper", "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijk",
    "Postma", "Martens", "Vink", "de Ruiter", "Timmermans", "Groen", "Gerritsen", "Jonker", "van Loon",
    "Boer", "van der Velde", "Willemsen", "Smeets", "de Lange", "de Vos", "Bosch", "van Dongen", "Schipper",
    "de Koning", "van der Laan", "Koning", "van der Velden", "Driessen", "van Doorn", "Hermans", "Evers",
    "van den Bosch", "van der Meulen", "Hofman", "Bosman", "Wolters", "Sanders", "van der Horst", "Mol",
    "Kuijpers", "Molenaar", "van de Pol", "de Leeuw", "Verbeek", "Yilmaz", "Kaya", "El Idrissi", "Bennani",
    "Demir", "Sahin", "Ramdin", "Autar", "Wong", "Nguyen", "Kowalski", "Nowak", "Haddou", "Amrani",
    "Ozturk", "Baldewsingh", "Tjon", "Martina", "Celik", "Aydin", "Pinas", "Esajas", "Lindeman", "Oosterhuis",
]

_STEMS = ["Ber", "Dal", "Hoog", "Kla", "Lin", "Mee", "Oud", "Ros", "Sta", "Ver", "Wes", "Zand", "Brink",
          "Hof", "Kamp", "Wou", "Dors", "Gel", "Har", "Ton", "Vel", "Mar", "Bree", "Eik", "Lan"]
_ENDS = ["ink", "man", "sma", "stra", "ers", "huis", "kamp", "veld", "horst", "hof", "dijk", "beek",
         "mans", "inga", "ema", "enga", "ing", "sen", "ens", "bos"]
_PREFIX = ["", "", "", "", "van ", "de ", "van der ", "ter "]

STREETS = ["Kerk", "Molen", "School", "Dorps", "Stations", "Haven", "Beuken", "Eiken", "Linden", "Wilgen",
           "Rozen", "Tulpen", "Merel", "Lijster", "Spoor", "Dijk", "Markt", "Burg", "Vaart", "Kanaal",
           "Prins Hendrik", "Oranje", "Julianan", "Beatrix", "Wilhelmina", "Rembrandt", "Vondel", "Hugo de Groot",
           "Thorbecke", "Zuider", "Noorder", "Ooster", "Wester", "Esdoorn", "Kastanje", "Iepen", "Populieren",
           "Meidoorn", "Vlier", "Hazel", "Kievit", "Reiger", "Zwaluw", "Vink", "Specht", "Sperwer"]
SUFFIX = ["straat", "laan", "weg", "plein", "gracht", "singel", "dreef", "hof", "kade", "pad"]

REGIONS = ["Amsterdam", "Rotterdam", "Den Haag", "Midden-Nederland", "Noord-Holland", "Noord-Nederland",
           "Oost-Nederland", "Oost-Brabant", "Zeeland-West-Brabant", "Limburg"]
DISTRICT_SUFFIX = ["Noord", "Zuid", "Oost", "West", "Centrum", "Rivierenland", "Kust", "Stad"]
PLACES = ["Westerpark", "Oud-Zuid", "Bijlmer", "Kralingen", "Charlois", "Delfshaven", "Zoetermeer", "Rijswijk",
          "Leidschendam", "Zeist", "Nieuwegein", "Amersfoort", "Alkmaar", "Hoorn", "Den Helder", "Assen",
          "Emmen", "Leeuwarden", "Zwolle", "Deventer", "Apeldoorn", "Eindhoven", "Helmond", "Oss", "Breda",
          "Roosendaal", "Goes", "Venlo", "Heerlen", "Sittard", "Hilversum", "Gouda", "Haarlem", "Zaandam",
          "Purmerend", "Enschede", "Hengelo", "Arnhem", "Nijmegen", "Ede", "Tiel", "Dordrecht", "Schiedam",
          "Vlaardingen", "Spijkenisse", "Delft", "Leiden", "Katwijk", "Almere", "Lelystad", "Veenendaal",
          "Tilburg", "Waalwijk", "Bergen op Zoom", "Middelburg", "Vlissingen", "Roermond", "Weert", "Maastricht",
          "Kerkrade", "Groningen", "Drachten", "Sneek", "Meppel", "Kampen", "Harderwijk", "Doetinchem"]

_PREFIX_WORDS = {"van", "de", "der", "den", "het", "'t", "ter", "te", "ten", "in", "op", "la", "le", "du", "el"}


def surname_key(name: str) -> str:
    """Lower case, prefixes ("van", "de", ...) removed: "van der Heijden" -> "heijden"."""
    words = name.lower().replace("\u2019", "'").split()
    while len(words) > 1 and words[0] in _PREFIX_WORDS:
        words = words[1:]
    return " ".join(words)


def all_surnames(n_synthetic: int = 1500) -> list[str]:
    """Common surnames first (the head of the frequency curve), then a deterministic long tail."""
    out = list(SURNAMES)
    seen = set(out)
    i = 0
    while len(out) < len(SURNAMES) + n_synthetic:
        stem = _STEMS[i % len(_STEMS)]
        end = _ENDS[(i // len(_STEMS)) % len(_ENDS)]
        pre = _PREFIX[(i // (len(_STEMS) * len(_ENDS))) % len(_PREFIX)]
        name = f"{pre}{stem}{end}"
        i += 1
        if name not in seen:
            seen.add(name)
            out.append(name)
        if i > 10 * (len(SURNAMES) + n_synthetic):
            break
    return out
