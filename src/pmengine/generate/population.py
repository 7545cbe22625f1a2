"""The citizens: invented surnames, addresses in postcode areas per district, vehicles, and the
employees' own households among them.

Surnames: 30 common (12 % of people), 970 middle, about 20,000 rare; a household mostly shares one.
About ``population_per_employee`` residents per employee; one in 3,000 is a public figure; two
vehicles for every five residents, each registered at a resident's address. Employees live in their unit's
district three times in four; one in ten declared his household (meldplicht).
"""

from __future__ import annotations

from collections import defaultdict

from pmengine.generate.draft import Draft

# surnames are drawn as prefix + middle + suffix
_P = [
    "brink",
    "kol",
    "ver",
    "hol",
    "mee",
    "sto",
    "dra",
    "wes",
    "ker",
    "lan",
    "bos",
    "ruy",
    "gel",
    "mor",
    "vel",
    "tan",
    "hui",
    "zwa",
    "pel",
    "dek",
    "fal",
    "gro",
    "ha",
    "lie",
    "nor",
    "oos",
    "pri",
    "ram",
    "sle",
    "tuy",
]
_M = [
    "",
    "en",
    "el",
    "er",
    "ing",
    "o",
    "a",
    "am",
    "ul",
    "ie",
    "ke",
    "ter",
    "me",
    "ri",
    "ba",
    "lo",
    "de",
    "sa",
    "vi",
    "nu",
]
_S = [
    "horst",
    "vaart",
    "man",
    "ink",
    "ema",
    "dijk",
    "veld",
    "hout",
    "stra",
    "kamp",
    "berg",
    "wijk",
    "land",
    "mans",
    "sen",
    "ing",
    "broek",
    "donk",
    "hof",
    "rade",
    "beek",
    "weg",
    "hage",
    "loo",
    "meer",
    "bergh",
    "ens",
    "ert",
    "gaard",
    "stee",
    "hoek",
    "werf",
    "mond",
    "holt",
    "velde",
    "rijk",
]


def build_population(w: Draft) -> None:
    """Residents, addresses and vehicles per district; each employee gets a household among them."""
    rng = w.rng
    names = [p + m + s for p in _P for m in _M for s in _S]
    rng.shuffle(names)
    common, middle, rare = names[:30], names[30:1000], names[1000:]
    w.common_surnames = set(common)

    def surname() -> str:
        x = rng.random()
        if x < 0.12:
            return rng.choice(common)
        if x < 0.6:
            return rng.choice(middle)
        return rng.choice(rare)

    per_district = max(2500, round(w.population_per_employee * w.n / max(1, w.n_districts)))
    w.p_surname = []
    w.p_address = []
    w.p_district = []
    w.a_postcode = []
    w.a_district = []
    w.district_persons = defaultdict(list)
    w.pc6_addresses = defaultdict(list)
    w.pc4_persons = defaultdict(list)
    w.address_persons = defaultdict(list)
    w.district_pc4 = defaultdict(list)
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    used_pc4: set[str] = set()
    tick = w.tick("bevolking", w.n_districts)
    for d in range(w.n_districts):
        n_pc4 = max(2, per_district // 1100)
        for k in range(n_pc4):
            pc4 = f"{1000 + (d * 37 + k * 7919) % 9000:04d}"
            while pc4 in used_pc4:
                pc4 = f"{(int(pc4) + 1 - 1000) % 9000 + 1000:04d}"
            used_pc4.add(pc4)
            w.district_pc4[d].append(pc4)
            n_pc6 = 24
            for j in range(n_pc6):
                pc6 = f"{pc4}{letters[j % 21]}{letters[(j // 21 + k) % 21]}"
                for _ in range(rng.randint(10, 22)):
                    a = len(w.a_postcode)
                    w.a_postcode.append(pc6)
                    w.a_district.append(d)
                    w.pc6_addresses[pc6].append(a)
                    size = rng.choices([1, 2, 3, 4, 5], [0.35, 0.3, 0.15, 0.15, 0.05])[0]
                    family = surname()
                    for m in range(size):
                        p = len(w.p_surname)
                        w.p_surname.append(family if m == 0 or rng.random() < 0.75 else surname())
                        w.p_address.append(a)
                        w.p_district.append(d)
                        w.district_persons[d].append(p)
                        w.pc4_persons[pc4].append(p)
                        w.address_persons[a].append(p)
        tick(1)
    w.n_persons = len(w.p_surname)
    w.high_profile = set(rng.sample(range(w.n_persons), max(5, w.n_persons // 3000)))
    # vehicles: registered to an address of a person (the keeper)
    w.v_address = [w.p_address[rng.randrange(w.n_persons)] for _ in range(w.n_persons * 2 // 5)]
    w.address_vehicles = defaultdict(list)
    for v, a in enumerate(w.v_address):
        w.address_vehicles[a].append(v)
    # employees are persons too: pick a household in (mostly) their own district
    w.employee_of_person = {}
    used: set[int] = set()
    for e in w.employees:
        unit = w.units[e.unit]
        d = unit.district if unit.district >= 0 and rng.random() < 0.75 else rng.choice(w.region_districts[unit.region])
        for _ in range(50):
            a = w.p_address[rng.choice(w.district_persons[d])]
            if a not in used:
                break
        used.add(a)
        people = w.address_persons[a]
        e.person = people[0]
        e.household = people[1:]
        w.employee_of_person[e.person] = e.idx
        if rng.random() < 0.1 and e.household:
            for member in e.household:
                w.declared.append((e.idx, "person", w.pid(member), "family"))
    # Police households are a small share of the population (about 1 %); drawing random
    # subjects from the full pool would make colleagues far too common in ordinary work.
    police = {p for a in used for p in w.address_persons[a]}
    w.all_district_persons = w.district_persons
    w.district_persons = defaultdict(list)
    for d, people in w.all_district_persons.items():
        w.district_persons[d] = [p for p in people if p not in police or rng.random() < 0.05]
