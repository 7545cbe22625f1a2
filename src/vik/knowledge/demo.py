# ruff: noqa: E501 - demo prose: one sentence per string reads better than wrapped fragments.
"""Demo content for the knowledge base: help desks, the finder's questions, theme sheets of the
professional code, initiatives, and the demo login `redacteur` (editor).

The texts are written for this project from the facts in the source documents; the court cases
only cite ECLI numbers that appear in those documents. Call `seed(today)` after `vik seed_demo`;
it is idempotent: existing content (by code, slug or title) is left alone, so editors' changes
survive a second run.
"""

from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from vik.accounts.models import Employee, Role, Unit, User

from . import services
from .models import Desk, FinderOption, FinderQuestion, Initiative, ManagerGuideStage, ThemeSheet

DEMO_PASSWORD = "demo-vik-2026"
EDITOR_USERNAME = "redacteur"
INTRANET = "https://intranet.politie.local/categorie/personeel/onderwerpen"


def demo_team() -> Unit | None:
    """The team of the demo login `medewerker` (so what the tour shows an employee is his own
    team's), else the first team."""
    employee = User.objects.filter(username="medewerker").select_related("employee__unit").first()
    if employee is not None and employee.employee is not None:
        return employee.employee.unit
    return Unit.objects.filter(kind=Unit.Kind.TEAM).order_by("code").first()


def ensure_user(username: str, role: str, *, personnel_number: str, first_name: str, surname: str,
                is_manager: bool = False) -> User:
    """A demo login with one role, linked to an employee of the demo team (idempotent)."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    team = demo_team()
    if team is None:
        raise RuntimeError("Run `vik seed_demo` first: there is no team unit yet.")
    employee, _created = Employee.objects.get_or_create(
        personnel_number=personnel_number,
        defaults={"first_name": first_name, "surname": surname, "unit": team, "is_manager": is_manager,
                  "email": f"{username}@example.invalid"})
    user = User.objects.create(username=username, employee=employee, email=f"{username}@example.invalid",
                               password=make_password(DEMO_PASSWORD))
    user.groups.add(Group.objects.get(name=role))
    return user


# --- help desks ---------------------------------------------------------------------------------

DESKS = [
    {"code": "sociaal-loket", "name": "Sociaal loket", "order": 10, "is_front_door": True, "confidential": True,
     "summary": "Eén ingang voor iedereen die een hulpvraag heeft maar niet weet waar hij moet zijn. "
                "Het sociaal loket behandelt je vraag niet zelf: het luistert, denkt mee en brengt je in "
                "contact met het loket dat past.",
     "secrecy_note": "Je vraag wordt alleen met jouw toestemming doorgegeven aan een ander loket.",
     "how_to_reach": "Via het contactformulier op het intranet of telefonisch op werkdagen tussen 8.00 en 17.00 uur.",
     "phone": "088 000 1234", "url": f"{INTRANET}/s/sociaal-loket/overzicht"},
    {"code": "bmw", "name": "Bedrijfsmaatschappelijk werk (BMW)", "order": 20, "confidential": True,
     "helps_involved": True,
     "summary": "Kortdurende, praktische begeleiding als je in je werk of privé vastloopt: spanningen in "
                "het team, een ingrijpende gebeurtenis, zorgen thuis die je werk raken. BMW kan snel "
                "een eerste gesprek voeren en helpt je op weg naar verdere hulp.",
     "secrecy_note": "Wat je bespreekt, blijft tussen jou en de maatschappelijk werker, tenzij je zelf "
                     "toestemming geeft om iets te delen.",
     "how_to_reach": "Maak zelf een afspraak via de pagina van BMW op het intranet; je hebt geen "
                     "verwijzing van je leidinggevende nodig.",
     "url": f"{INTRANET}/b/bedrijfsmaatschappelijk-werk/overzicht"},
    {"code": "geestelijk-verzorger", "name": "Geestelijk verzorger", "order": 30, "confidential": True,
     "professional_secrecy": True, "helps_involved": True,
     "summary": "Gesprekspartner over ethiek, zingeving en morele vragen: wat doet het werk met je, hoe "
                "ga je om met schuld, verlies of botsende waarden? Er voor iedereen, welke functie of "
                "levensovertuiging je ook hebt.",
     "secrecy_note": "De geestelijk verzorger heeft beroepsgeheim.",
     "how_to_reach": "Bel of mail de geestelijk verzorger van je eenheid rechtstreeks; de gegevens "
                     "staan op het intranet.",
     "url": f"{INTRANET}/g/geestelijk-verzorger/overzicht"},
    {"code": "vertrouwenspersoon", "name": "Vertrouwenspersoon", "order": 40, "confidential": True,
     "summary": "Een veilige plek om ervaringen met grensoverschrijdend gedrag te delen als je dat "
                "(nog) niet met je leidinggevende wilt bespreken: pesten, intimidatie, discriminatie, "
                "seksuele intimidatie, agressie. De vertrouwenspersoon luistert, legt je mogelijkheden "
                "uit en ondersteunt je bij de stap die jij kiest: alleen een gesprek, bemiddeling, een "
                "klacht of een aangifte. Ook voor vermoedens van misstanden.",
     "secrecy_note": "Vertrouwelijk en desgewenst onder geheimhouding; er gebeurt niets zonder jouw toestemming.",
     "how_to_reach": "Kies zelf een decentrale vertrouwenspersoon uit de lijst van je eenheid, of neem "
                     "contact op met de centrale vertrouwenspersoon. Je kunt ook melden via ‘Melden’ in VIK.",
     "url": f"{INTRANET}/v/vertrouwenspersoon/overzicht"},
    {"code": "eenheidspsycholoog", "name": "Eenheidspsycholoog", "order": 50, "confidential": True,
     "professional_secrecy": True, "helps_involved": True,
     "summary": "Specialist in mentale en morele belasting door het politiewerk, zoals na schokkende "
                "gebeurtenissen. Onderdeel van het team veiligheid, gezondheid en welzijn van je eenheid.",
     "secrecy_note": "De psycholoog heeft beroepsgeheim.",
     "how_to_reach": "Via het team veiligheid, gezondheid en welzijn van je eenheid of via BMW. Na een "
                     "ingrijpend incident kan je leidinggevende ook een gesprek regelen.",
     "url": "https://intranet.politie.local/algemenedocumenten/1204/eenheidspsycholoog.html"},
    {"code": "bedrijfsarts", "name": "Bedrijfsarts", "order": 60, "confidential": True,
     "professional_secrecy": True,
     "summary": "Voor vragen over je gezondheid in relatie tot je werk, begeleiding bij verzuim en het "
                "voorkomen van beroepsziekten. De bedrijfsarts adviseert jou en je leidinggevende over "
                "wat je (weer) kunt, zonder medische details te delen.",
     "secrecy_note": "De bedrijfsarts heeft een medisch beroepsgeheim; je leidinggevende hoort alleen "
                     "wat je wel en niet kunt.",
     "how_to_reach": "Via het spreekuur van de arbodienst; je kunt ook zelf een open spreekuur aanvragen.",
     "url": f"{INTRANET}/b/bedrijfsarts/overzicht"},
    {"code": "ombudsfunctionaris", "name": "Ombudsfunctionaris politie (OFP)", "order": 70, "confidential": True,
     "summary": "Onafhankelijk en aan niemand ondergeschikt. Voor (oud-)medewerkers en hun familie met "
                "kwesties over gezondheid, integriteit en sociale veiligheid, vooral als je er via de "
                "gewone weg niet uitkomt. De OFP kan bemiddelen, doorverwijzen of onderzoek doen naar "
                "achterliggende oorzaken en heeft rechtstreeks toegang tot de korpschef.",
     "secrecy_note": "Gaat vertrouwelijk om met je melding.",
     "how_to_reach": "Via het meldformulier op de pagina van de ombudsfunctionaris.",
     "url": f"{INTRANET}/o/ombudsfunctionaris/overzicht"},
    {"code": "buddy-ptss", "name": "Buddyproject PTSS", "order": 80, "confidential": True,
     "summary": "Landelijk project waarin collega’s met ervaring met posttraumatische stress naast je "
                "staan: iemand die weet hoe het is en met je meeloopt.",
     "how_to_reach": "Aanmelden via de projectpagina op het intranet of via BMW.",
     "url": f"{INTRANET}/b/buddyproject-ptss/overzicht"},
    {"code": "personeelsadvies", "name": "HR-adviseur", "order": 90,
     "summary": "Voor vragen over je arbeidsrelatie en rechtspositie: aanstelling, functie, "
                "werktijden, verlof, reorganisatie, nevenwerkzaamheden melden of een conflict met je "
                "werkgever.",
     "how_to_reach": "Via je leidinggevende of rechtstreeks via het HR-servicepunt.",
     "phone": "088 000 5678", "url": f"{INTRANET}/h/hr-servicepunt/overzicht"},
    {"code": "vik-preventie", "name": "VIK: preventie en advies integriteit", "order": 100,
     "summary": "De afdeling Veiligheid, Integriteit en Klachten adviseert over integriteitsvragen en "
                "dilemma’s, bijvoorbeeld over nevenwerk, geschenken of privécontacten, en ondersteunt "
                "teams met dilemmasessies en risicoanalyses. Hier meld je ook een vermoeden van "
                "plichtsverzuim.",
     "secrecy_note": "Niet anoniem: een melding over plichtsverzuim kan tot onderzoek leiden. Wil je "
                     "eerst vertrouwelijk sparren, ga dan naar een vertrouwenspersoon.",
     "how_to_reach": "Via de preventieadviseur van VIK in je eenheid of via ‘Melden’ in VIK.",
     "url": "https://intranet.politie.local/algemenedocumenten/1204/toolkit-preventie.html"},
]

URGENT_NOTICE = (
    "Is er acuut gevaar? Bel 112. Denk je aan zelfdoding, praat erover: bel 113 (0800-0113), "
    "dag en nacht. Heb je vandaag steun nodig na een ingrijpende gebeurtenis, vraag je "
    "leidinggevende of de officier van dienst om het team veiligheid, gezondheid en welzijn in te schakelen."
)

# question, help text, [(label, suggested desk codes, limits_to desk codes or None, notice, investigation guide)]
QUESTIONS = [
    ("Waar gaat je vraag over?", "Kies wat het meest in de buurt komt.", [
        ("Mijn gezondheid, stress of wat het werk met me doet",
         ["bedrijfsarts", "bmw", "eenheidspsycholoog", "buddy-ptss"], None, "", False),
        ("Een integriteitsvraag of een dilemma", ["vik-preventie", "vertrouwenspersoon",
                                                  "geestelijk-verzorger"], None, "", False),
        ("Onveilig of ongewenst gedrag: pesten, intimidatie, discriminatie",
         ["vertrouwenspersoon", "bmw", "ombudsfunctionaris"], None, "", False),
        ("Ik ben betrokken bij een intern onderzoek", ["bmw", "geestelijk-verzorger", "eenheidspsycholoog"],
         None, "", True),
        ("Mijn arbeidsrelatie: contract, rechtspositie of een conflict met de werkgever",
         ["personeelsadvies", "ombudsfunctionaris", "bmw"], None, "", False),
        ("Ik weet het niet precies", ["sociaal-loket"], None, "", False),
    ]),
    ("Wil je dat wat je vertelt vertrouwelijk blijft?",
     "Sommige loketten hebben beroepsgeheim of werken vertrouwelijk; andere moeten iets doen met wat je meldt.", [
        ("Ja, dat is belangrijk voor mij", [], "CONFIDENTIAL", "", False),
        ("Maakt niet uit", [], None, "", False),
    ]),
    ("Heb je nu meteen hulp nodig?", "", [
        ("Ja, het is dringend", ["bmw", "eenheidspsycholoog"], None, URGENT_NOTICE, False),
        ("Nee, het kan binnen een paar dagen", [], None, "", False),
    ]),
]


def _seed_desks_and_questions(editor) -> None:
    for data in DESKS:
        if not Desk.objects.filter(code=data["code"]).exists():
            services.save_content(editor, Desk(**data), note="Demo-inhoud")
    if FinderQuestion.objects.exists():
        return
    by_code = {d.code: d for d in Desk.objects.all()}
    confidential = [d for d in by_code.values() if d.confidential]
    for order, (text, help_text, options) in enumerate(QUESTIONS, start=1):
        question = FinderQuestion.objects.create(text=text, help_text=help_text, order=order * 10)
        for option_order, (label, suggests, limits, notice, guide) in enumerate(options, start=1):
            option = FinderOption.objects.create(question=question, label=label, order=option_order * 10,
                                                 notice=notice, shows_investigation_guide=guide)
            option.suggests.set([by_code[c] for c in suggests])
            if limits == "CONFIDENTIAL":
                option.limits_to.set(confidential)


# --- theme sheets of the professional code ------------------------------------------------------

SHEETS = [
    {"slug": "aannemen-van-geschenken", "number": 1, "title": "Aannemen van geschenken",
     "introduction": "Een bedankje van een burger of een attentie van een relatie voelt onschuldig. "
                     "Toch kan een geschenk de indruk wekken dat de politie te koop is, of je later het "
                     "gevoel geven dat je iets terug moet doen. Daarom wegen we elk geschenk bewust.",
     "norm": "Ik neem geen geschenken aan die mijn onafhankelijkheid kunnen beïnvloeden of die die schijn wekken.\n"
             "Ik neem nooit geld, cadeaubonnen of kortingen aan die ik krijg omdat ik bij de politie werk.\n"
             "Een klein bedankje van geringe waarde mag, als ik het meld bij mijn leidinggevende en het liefst deel met het team.\n"
             "Ik neem nooit iets aan van iemand over wie ik een beslissing neem of van wie een procedure loopt.\n"
             "Geschenken laat ik niet op mijn huisadres bezorgen.\n"
             "Bij twijfel bespreek ik het vooraf met mijn leidinggevende en leg ik het vast.",
     "dilemmas": "Na een zware reanimatie komt de familie een taart brengen voor het hele team. Neem je die aan?\n\n"
                 "Een garagehouder bij wie je vaak aangiftes opneemt, biedt je korting aan op een nieuwe set banden. Wat doe je?\n\n"
                 "Een leverancier stuurt in december een kerstpakket naar je huisadres. Hoe ga je daarmee om?",
     "law_articles": "Art. 76 Barp\nArt. 55b Barp\nArt. 8 Ambtenarenwet 2017\nArt. 363 Wetboek van Strafrecht | https://wetten.overheid.nl/BWBR0001854",
     "related": ["omgaan-met-zakelijke-uitnodigingen", "zakendoen-met-leveranciers", "financiele-belangen"]},
    {"slug": "contacten-in-de-privesfeer", "number": 2, "title": "Contacten in de privésfeer",
     "introduction": "Ook buiten je werk ben je voor burgers ‘van de politie’. Sommige vriendschappen, "
                     "familiebanden of relaties kunnen jou of de organisatie kwetsbaar maken. Dat wil niet "
                     "zeggen dat je privéleven van de werkgever is, wel dat je risico’s herkent en bespreekt.",
     "norm": "Ik vermijd privécontacten met mensen of groepen van wie ik weet of kan weten dat ze de wet overtreden.\n"
             "Ik kom niet bewust op plekken waar zulke mensen samenkomen.\n"
             "Als ik merk dat een contact een risico kan zijn, bespreek ik dat met mijn leidinggevende of een vertrouwenspersoon, zodat we samen maatregelen kunnen nemen.\n"
             "Heb ik een relatie met een collega, dan beoordelen of controleren we elkaars werk niet.\n"
             "Op het werk blijf ik professioneel en objectief, ook als de relatie eindigt.",
     "dilemmas": "Op de bruiloft van je broer zijn vrienden van hem van wie je weet dat ze in het criminele circuit zitten. Hoe ga je daarmee om?\n\n"
                 "In jouw sportschool traint een bekende crimineel. Wat doe je?\n\n"
                 "Je nieuwe schoonfamilie blijkt banden te hebben met een crimineel netwerk. Wanneer vertel je dat, en aan wie?\n\n"
                 "Je bent in je vrije tijd lid van de harde kern van een supportersvereniging. Kan dat?",
     "court_cases": "ECLI:NL:RBMNE:2019:4783, ECLI:NL:CRVB:2013:BZ4250\n"
                    "Omgang met een zware crimineel\n"
                    "Een politieambtenaar ging in zijn vrije tijd om met iemand van wie hij wist dat die als zware crimineel gold, onder meer vanwege hennepteelt en geweld. Samen met andere gedragingen vond de rechter strafontslag niet onevenredig.\n\n"
                    "ECLI:NL:CRVB:2006:AX8282, ECLI:NL:CRVB:2015:3023\n"
                    "Contactverbod genegeerd\n"
                    "Ondanks herhaalde waarschuwingen en een uitdrukkelijk contactverbod begon een ambtenaar een relatie met een vrouw die contacten had in het criminele milieu. Dat was een veiligheidsrisico voor de politie; het ontslag hield stand.",
     "law_articles": "Art. 76 Barp\nArt. 80 Barp\nArt. 8 Grondwet | https://wetten.overheid.nl/BWBR0001840\nArt. 10 Ambtenarenwet 2017",
     "related": ["representativiteit", "gedrag-in-vrije-tijd", "social-media"]},
    {"slug": "financiele-belangen", "number": 3, "title": "Financiële belangen",
     "introduction": "Schulden, beleggingen of een eigen bedrijf zijn privézaken, tot ze je werk raken. "
                     "Wie in geldnood zit, is vatbaar voor druk van buiten; wie belang heeft bij een "
                     "bedrijf, kan de schijn van partijdigheid wekken.",
     "norm": "Ik zorg dat ik financieel niet afhankelijk word van anderen op een manier die mijn werk kan beïnvloeden.\n"
             "Ik meld financiële belangen die mijn functie raken, zoals een belang in een bedrijf waarmee de politie zaken doet.\n"
             "Ik gebruik geen vertrouwelijke informatie uit mijn werk om er zelf financieel beter van te worden.\n"
             "Als ik in de financiële problemen kom, zoek ik tijdig hulp, bijvoorbeeld bij BMW.",
     "dilemmas": "Je hebt een flinke schuld opgebouwd en een kennis biedt aan die zonder rente af te lossen. Wat doe je?\n\n"
                 "Je partner krijgt aandelen in een bedrijf dat beveiligingscamera’s levert aan de politie. Moet je dit melden?\n\n"
                 "Tijdens een onderzoek hoor je dat een bedrijf binnenkort failliet gaat. Een familielid heeft er aandelen in. Wat doe je?",
     "law_articles": "Art. 55b Barp\nArt. 76 Barp\nArt. 8 Ambtenarenwet 2017",
     "related": ["nevenwerkzaamheden", "zakendoen-met-leveranciers", "aannemen-van-geschenken"]},
    {"slug": "gebruik-van-geweld", "number": 4, "title": "Gebruik van geweld",
     "introduction": "De politie mag geweld gebruiken; dat maakt het vak bijzonder en kwetsbaar. Geweld is "
                     "alleen rechtmatig als het nodig is, in verhouding staat tot het doel en niet op een "
                     "mildere manier kan. Eerlijk verslag doen hoort erbij.",
     "norm": "Ik gebruik alleen geweld als het noodzakelijk is voor een rechtmatig doel.\n"
             "Ik kies het lichtste middel dat werkt en stop zodra het doel bereikt is.\n"
             "Ik meld elk gebruik van geweld en beschrijf het volledig en naar waarheid.\n"
             "Als ik zie dat een collega te ver gaat, grijp ik in en bespreek ik het daarna.\n"
             "Ik zorg na een geweldsincident ook voor mezelf en mijn collega’s en maak gebruik van nazorg.",
     "dilemmas": "Een verdachte is geboeid en scheldt je collega uit. Je collega geeft hem nog een duw. Wat doe je?\n\n"
                 "Bij het opmaken van de geweldsmelding stelt een collega voor om weg te laten dat jullie eerst niet gewaarschuwd hebben. Hoe reageer je?\n\n"
                 "Na een heftige aanhouding wil je team het er liever niet meer over hebben. Wat doe je?",
     "law_articles": "Art. 7 Politiewet 2012\nAmbtsinstructie voor de politie\nArt. 76 Barp",
     "related": ["waarheidsgetrouw-opmaken", "sociaal-veilig-werkklimaat"]},
    {"slug": "gedrag-in-vrije-tijd", "number": 5, "title": "Gedrag in vrije tijd",
     "introduction": "Wat je in je vrije tijd doet, is in de eerste plaats je eigen zaak. Maar gedrag dat "
                     "botst met wat je op het werk handhaaft, schaadt het vertrouwen in jou en in de "
                     "politie. Een politiemedewerker blijft herkenbaar, ook zonder uniform.",
     "norm": "Ik gedraag me ook buiten diensttijd zo dat het vertrouwen in de politie niet wordt geschaad.\n"
             "Ik houd me aan de wet, ook aan de regels die ik op het werk handhaaf, zoals in het verkeer en rond alcohol en drugs.\n"
             "Ik gebruik mijn politiepas of functie niet om privé voordeel te krijgen.\n"
             "Kom ik privé in aanraking met politie of justitie, dan meld ik dat bij mijn leidinggevende.",
     "dilemmas": "Je wordt op een feest herkend en iemand vraagt je om een boete ‘even weg te werken’. Wat zeg je?\n\n"
                 "Je bent privé aangehouden voor te hard rijden. Meld je dit op het werk?\n\n"
                 "Op een festival zie je dat vrienden drugs gebruiken. Wat doe je?",
     "law_articles": "Art. 76 Barp\nArt. 80 Barp",
     "related": ["contacten-in-de-privesfeer", "social-media", "representativiteit"]},
    {"slug": "nevenwerkzaamheden", "number": 7, "title": "Nevenwerkzaamheden",
     "introduction": "De politie staat positief tegenover betaald of vrijwillig werk naast je baan. Je "
                     "moet wel zelf inschatten of dat werk de belangen van de politie kan raken; dan meld "
                     "je het. Een politieke functie meld je altijd. Risicovol zijn bijvoorbeeld werk in "
                     "de beveiliging, de horeca, het taxivervoer, de tweedehands autohandel en de gok- of seksindustrie.",
     "norm": "Mijn nevenwerk schaadt het aanzien van de politie niet en wekt geen schijn van belangenverstrengeling.\n"
             "Mijn nevenwerk heeft geen nadelige invloed op hoe ik mijn politiewerk doe en leidt niet tot overtreding van de Arbeidstijdenwet.\n"
             "Ik gebruik bij mijn nevenwerk geen kennis of gegevens die ik via de politie heb.\n"
             "Ik doe geen nevenwerk in werktijd en gebruik geen middelen van de politie.\n"
             "Twijfel ik of iets nevenwerk is, dan bespreek ik het met mijn leidinggevende.",
     "dilemmas": "Je bent ziek gemeld met spanningsklachten. Een vriend vraagt of je een paar dagen in zijn zaak wilt helpen. Wat doe je?\n\n"
                 "Een particulier recherchebureau vraagt of je wat klussen voor hen wilt doen. Wat antwoord je?\n\n"
                 "Je hebt toestemming voor een webwinkel. Klanten bellen je soms onder werktijd op je privételefoon. Neem je op als het rustig is?",
     "court_cases": "ECLI:NL:CRVB:2017:193\n"
                    "Sportlessen tijdens ziekteverlof\n"
                    "Een medewerker gaf sportlessen in het bedrijf van zijn echtgenote, ook terwijl hij ziek gemeld was, en werd vennoot terwijl de werkgever dat uitdrukkelijk had verboden. Volgens de rechter gedroeg hij zich niet als een goed ambtenaar en schaadde hij het vertrouwen; het strafontslag was terecht.\n\n"
                    "ECLI:NL:RBOBR:2015:710\n"
                    "Eigen bedrijf in werktijd\n"
                    "Een medewerker had toestemming voor zijn reinigingsbedrijf, maar deed er ook werk voor in diensttijd. Toestemming ontslaat je niet van de plicht politiewerk en nevenwerk strikt gescheiden te houden.",
     "law_articles": "Art. 55a Barp\nArt. 5 Ambtenarenwet 2017\nArt. 8 Ambtenarenwet 2017",
     "related": ["contacten-in-de-privesfeer", "financiele-belangen", "gedrag-in-vrije-tijd"]},
    {"slug": "omgaan-met-informatie", "number": 8, "title": "Omgaan met informatie",
     "introduction": "Zorgvuldig omgaan met informatie heb je beloofd bij je eed of belofte. Politiesystemen "
                     "raadpleeg je alleen voor je werk, nooit uit nieuwsgierigheid of voor een ander. En "
                     "informatie is niet alleen wat op papier staat: ook wat je hoort en wat digitaal "
                     "rondgaat telt.",
     "norm": "Ik raadpleeg politiesystemen alleen als mijn taak dat vraagt; nooit voor privézaken, voor mijn eigen nieuwsgierigheid of die van een ander.\n"
             "Ik deel informatie alleen met wie die nodig heeft voor het werk, ook binnen de politie.\n"
             "Ik neem geen vertrouwelijke informatie mee naar huis zonder overleg en stuur werkinformatie niet naar een privémailadres.\n"
             "Ik vergrendel mijn werkplek als ik wegloop en laat mijn bureau leeg achter.\n"
             "Ik bespreek geen vertrouwelijke zaken waar anderen kunnen meeluisteren.\n"
             "Ik vernietig vertrouwelijke stukken volgens de regels, nooit via het oud papier thuis.",
     "dilemmas": "Buiten diensttijd zie je een verdachte situatie. Mag je het kenteken van de auto natrekken?\n\n"
                 "Bij je overburen stopt een politieauto. Mag je in het systeem kijken wat er aan de hand is?\n\n"
                 "Een bekende Nederlander komt in opspraak na contact met de politie. Mag je even kijken wat er speelt?\n\n"
                 "Voor de inschrijving bij de kinderopvang heb je het burgerservicenummer van je kind nodig. Zoek je het even op in het politiesysteem?",
     "court_cases": "ECLI:NL:RBNHO:2019:3998\n"
                    "Interne mail naar de pers\n"
                    "Een medewerker lekte een interne e-mail naar de pers en voerde aan dat die niet als vertrouwelijk was gemarkeerd en naar veel collega’s was gestuurd. De rechter oordeelde dat informatie over politiewerk in beginsel altijd vertrouwelijk is: plichtsverzuim.\n\n"
                    "ECLI:NL:GHDHA:2019:600\n"
                    "Een kennis opgezocht\n"
                    "Een medewerker zocht een kennis op in het politiesysteem en vertelde haar echtgenoot wat ze vond. Daarmee schond zij haar ambtsgeheim; burgers moeten erop kunnen vertrouwen dat de politie respectvol met hun gegevens omgaat.\n\n"
                    "ECLI:NL:RBASS:2012:BW3300, ECLI:NL:CRVB:2016:4287, ECLI:NL:CRVB:2019:2528\n"
                    "Het vriendje van je dochter\n"
                    "Een agent las in een briefing dat een familie als vuurwapengevaarlijk gold; een van de zonen was bevriend met zijn dochter. Hij sprak de jongen erop aan. Daarmee waarschuwde hij, zonder dat te willen, de verdachten. Hij werd veroordeeld voor schending van het ambtsgeheim.",
     "law_articles": "Wet politiegegevens | https://wetten.overheid.nl/BWBR0022463\n"
                     "Algemene verordening gegevensbescherming | https://eur-lex.europa.eu/eli/reg/2016/679/oj\n"
                     "Art. 76 Barp\nArt. 9 Ambtenarenwet 2017\n"
                     "Art. 272 Wetboek van Strafrecht (schending ambtsgeheim) | https://wetten.overheid.nl/BWBR0001854\n"
                     "Art. 138ab Wetboek van Strafrecht (computervredebreuk) | https://wetten.overheid.nl/BWBR0001854",
     "related": ["gedrag-in-vrije-tijd", "social-media", "nevenwerkzaamheden"]},
    {"slug": "omgaan-met-zakelijke-uitnodigingen", "number": 9, "title": "Omgaan met zakelijke uitnodigingen",
     "introduction": "Een congres, beurs of netwerkbijeenkomst kan nuttig zijn voor je werk. Maar net als "
                     "bij geschenken moet je voorkomen dat een uitnodiging je beïnvloedt, of zo lijkt.",
     "norm": "Ik ga alleen naar een evenement als het nut voor mijn werk duidelijk is, en ik overleg vooraf met mijn leidinggevende.\n"
             "Ik kijk wie er nog meer komt en wie van de politie de aangewezen persoon is.\n"
             "Ik laat reis-, verblijfs- en etenskosten niet door een leverancier betalen en sla kortingen speciaal voor de politie af.\n"
             "Ik ga niet naar een evenement van een leverancier met wie een aanbesteding of inkoop loopt.\n"
             "Persoonlijke uitnodigingen die ik krijg vanwege mijn functie sla ik af.",
     "dilemmas": "Een partij in een lopende aanbesteding nodigt je uit voor de presentatie van een nieuw product. Wat doe je?\n\n"
                 "Op een congres van een andere overheidsorganisatie krijg je een biertje aangeboden. Neem je het aan?\n\n"
                 "Een contact uit je netwerk nodigt je uit voor zijn grote bedrijfsfeest. Ga je?",
     "court_cases": "ECLI:NL:RBOVE:2019:2094, ECLI:NL:CRVB:2018:3429\n"
                    "Een weekend in een kasteel\n"
                    "Een medewerker liet zich trakteren op een duur weekend in een kasteel door iemand met wie de politie zakelijk te maken had. Dat schaadt het vertrouwen in de politie en het aanzien van de overheid; de rechter vond ontslag terecht.",
     "law_articles": "Art. 76 Barp\nAanbestedingswet 2012\nArt. 8 Ambtenarenwet 2017\nArt. 363 Wetboek van Strafrecht | https://wetten.overheid.nl/BWBR0001854",
     "related": ["aannemen-van-geschenken", "zakendoen-met-leveranciers", "omgaan-met-informatie"]},
    {"slug": "representativiteit", "number": 10, "title": "Representativiteit",
     "introduction": "Iedere medewerker is een visitekaartje van de politie, ook wie weinig met burgers in "
                     "aanraking komt. Neutraal, verzorgd en respectvol optreden versterkt het gezag en "
                     "het vertrouwen.",
     "norm": "Ik ben me ervan bewust dat ik de politie vertegenwoordig.\n"
             "Mijn uiterlijk is neutraal en representatief; in mijn werk draag ik geen zichtbare uitingen van een levensovertuiging.\n"
             "Ik draag geen versieringen die ongepast zijn of mijzelf, collega’s of burgers in gevaar brengen.\n"
             "Ik ga respectvol om met burgers, partners en collega’s en houd rekening met andere gewoonten en overtuigingen.\n"
             "Ik kom mijn afspraken na, of leg uit waarom dat niet lukt.",
     "dilemmas": "Je hebt geen contact met burgers. Kom je op een warme dag in een korte broek naar je werk?\n\n"
                 "Je hebt een zichtbare tatoeage. Hoe ga je na of die afbreuk doet aan je gezag, neutraliteit of veiligheid?\n\n"
                 "Bij een huisbezoek vraagt een bewoner of je je schoenen uit wilt doen. Wat doe je?",
     "law_articles": "Art. 56 Barp\nArt. 57 Barp\nGedragscode lifestyle-neutraliteit",
     "related": ["gedrag-in-vrije-tijd", "omgaan-met-zakelijke-uitnodigingen", "contacten-in-de-privesfeer",
                 "sociaal-veilig-werkklimaat"]},
    {"slug": "social-media", "number": 11, "title": "Social media",
     "introduction": "Sociale media helpen de politie dichtbij burgers te zijn. Tegelijk bereikt één bericht "
                     "in een paar minuten duizenden mensen, en wat je op een privéaccount zet, kan worden "
                     "gelezen als een bericht van de politie.",
     "norm": "Ik ken en volg de afspraken over zakelijke accounts en weet dat ik daar namens de politie spreek.\n"
             "Ook op mijn privéaccounts houd ik rekening met mijn voorbeeldfunctie.\n"
             "Ik zet niets online over mijn werk dat vertrouwelijk is of waarin betrokkenen herkenbaar zijn.\n"
             "Op privéaccounts sta ik niet in uniform op de foto en spreek ik nooit namens de politie.\n"
             "Ik spreek collega’s aan op berichten in groepsapps die kwetsend, racistisch of seksistisch zijn.",
     "dilemmas": "Na een mooie aanhouding wil je dat trots delen op je privéaccount. Mag dat?\n\n"
                 "Op je profiel staat dat je bij de politie werkt. Kun je daar je mening over het vluchtelingenbeleid geven?\n\n"
                 "In een groepsapp maken collega’s grappen die je racistisch en vrouwonvriendelijk vindt. Je bent bang voor de reactie van het team als je er iets van zegt. Wat doe je?",
     "court_cases": "ECLI:NL:CRVB:2015:3446\n"
                    "Contact zoeken via sociale media\n"
                    "Een agent legde tijdens zijn werk via meerdere accounts contact met vrouwen om een seksuele relatie aan te gaan, verwees daarbij naar zijn functie en gebruikte zijn diensttelefoon. Hij werd ontslagen wegens plichtsverzuim; de rechter vond dat passend.",
     "law_articles": "Art. 76 Barp\nArt. 80 Barp\nArt. 10 Auteurswet",
     "related": ["gedrag-in-vrije-tijd", "omgaan-met-informatie", "representativiteit"]},
    {"slug": "sociaal-veilig-werkklimaat", "number": 12, "title": "Sociaal veilig werkklimaat",
     "introduction": "In een sociaal veilig team durf je je mening te geven zonder bang te zijn voor "
                     "vernedering of intimidatie. Dat is een gezamenlijke verantwoordelijkheid van de "
                     "organisatie en van iedere collega, en het maakt teams gezonder en beter.",
     "norm": "Ik behandel collega’s met respect voor hun rechten, standpunten en identiteit, en ik mag zelf zijn wie ik ben.\n"
             "Ik pest, discrimineer en intimideer niet, en onthoud me van ongewenste seksuele aandacht.\n"
             "Als ik grensoverschrijdend gedrag zie, kijk ik niet weg maar onderneem ik actie.\n"
             "Wie een grap maakt, is verantwoordelijk voor hoe die valt; ik denk vooraf na over grenzen van anderen.\n"
             "Ik ben extra zorgvuldig tegenover collega’s die van mij afhankelijk zijn, zoals studenten.\n"
             "Ik ben zelf aanspreekbaar op mijn gedrag.",
     "dilemmas": "Je hoort een collega neerbuigend over een andere collega praten. Wat doe je?\n\n"
                 "Je vraagt een collega wat hij bedoelde met een opmerking die als racistisch overkwam. Hij zegt dat je je niet zo moet aanstellen. Hoe ga je verder?\n\n"
                 "Als nieuwe leidinggevende merk je dat iedereen in het team een bijnaam heeft die verwijst naar uiterlijk. Wat doe je?",
     "court_cases": "ECLI:NL:RBROT:2022:1694, ECLI:NL:CRVB:2023:71\n"
                    "Geen vaste aanstelling na ongepast gedrag\n"
                    "De tijdelijke aanstelling van een ambtenaar werd niet omgezet in een vaste, omdat er in korte tijd meerdere meldingen waren van ongepaste aanrakingen en ongewenst contact met collega’s. Hij zag niet in dat anderen dit als onprettig ervoeren. Rechtbank en Centrale Raad van Beroep vonden het oordeel ‘ongeschikt’ redelijk.",
     "law_articles": "Artikel 1 Grondwet | https://wetten.overheid.nl/BWBR0001840\n"
                     "Algemene wet gelijke behandeling\nArbeidsomstandighedenwet",
     "related": ["representativiteit", "social-media", "gebruik-van-geweld"]},
    {"slug": "waarheidsgetrouw-opmaken", "number": 13, "title": "Waarheidsgetrouw opmaken",
     "introduction": "Een proces-verbaal maak je op ambtseed of ambtsbelofte: de rechter en de burger "
                     "vertrouwen erop dat het klopt. Hetzelfde geldt voor je urenverantwoording en "
                     "declaraties; daar gaat gemeenschapsgeld in om.",
     "norm": "In een proces-verbaal schrijf ik alleen wat ik zelf heb gezien, gehoord of gedaan en waarvan ik zeker ben.\n"
             "Ik laat niets weg wat ertoe doet, ook niet als ik zelf iets fout heb gedaan.\n"
             "Ik zet nooit een handtekening namens een ander.\n"
             "Ik verantwoord mijn uren en declareer mijn kosten zorgvuldig, naar waarheid en volgens de regels.",
     "dilemmas": "Je collega schrijft een proces-verbaal over een aanhouding die jullie samen deden. Het klopt niet helemaal. Hoe ga je daarmee om?\n\n"
                 "Je collega declareert reiskosten vanaf zijn huis, maar slaapt drie dagen per week bij zijn vriendin vlak bij het bureau. Wat doe je?\n\n"
                 "Je collega is er niet en vraagt of jij zijn handtekening onder jullie gezamenlijke proces-verbaal zet. Wat doe je?",
     "court_cases": "ECLI:NL:RBGEL:2017:5585\n"
                    "Declaratie opgeknipt\n"
                    "Voor een declaratie boven € 250 was toestemming van de leidinggevende nodig. Na kritische vragen diende een medewerker dezelfde kosten opnieuw in, maar gesplitst per maand, met de opmerking dat de leiding akkoord was. Bij een steekproef bleek de declaratie onterecht; er volgde een inhouding op het salaris.\n\n"
                    "ECLI:NL:CRVB:2020:381\n"
                    "Verlofdagen als werkdagen geboekt\n"
                    "Na eerdere waarschuwingen en een voorwaardelijk strafontslag boekte een medewerker opnieuw verlofdagen als werkdagen. Het voorwaardelijke ontslag werd uitgevoerd; de rechter vond dat terecht.",
     "law_articles": "Art. 76 Barp\nArt. 152 Wetboek van Strafvordering\nArt. 344 Wetboek van Strafvordering\n"
                     "Art. 225 Wetboek van Strafrecht (valsheid in geschrift) | https://wetten.overheid.nl/BWBR0001854",
     "related": ["gebruik-van-geweld"]},
    {"slug": "zakendoen-met-leveranciers", "number": 14, "title": "Zakendoen met leveranciers",
     "introduction": "Leveranciers moeten erop kunnen vertrouwen dat de politie eerlijk en objectief "
                     "inkoopt. Zelfs de schijn van voortrekken beschadigt dat vertrouwen.",
     "norm": "Ik geef leveranciers gelijke kansen: dezelfde procedure en dezelfde informatie voor iedereen.\n"
             "Ik omschrijf wat we nodig hebben zonder een merk of product voor te trekken.\n"
             "Ik werk niet alleen: een collega kijkt mee en ik leg mijn keuzes vast.\n"
             "Ik ben terughoudend met contacten uit mijn eigen netwerk en meld die bij mijn leidinggevende.\n"
             "Ik neem geen gunsten aan van leveranciers.",
     "dilemmas": "Je partner heeft een bedrijf waar je soms onbetaald helpt. Dat bedrijf doet mee aan een aanbesteding van de politie. Hoe ga je daarmee om?\n\n"
                 "Je zoekt een locatie voor een teamuitje. Het goedkoopste café staat bekend om het schenken aan minderjarigen. Boek je het?",
     "court_cases": "ECLI:NL:CRVB:2018:3429, ECLI:NL:CRVB:2020:2268\n"
                    "Gunsten van een zakenrelatie\n"
                    "Een medewerker liet tijdens zakelijke besprekingen met een leverancier zijn eigen auto in de werkplaats van die leverancier onderhouden en vroeg deels zelf om zulke gunsten. Hij schond daarmee ernstig het vertrouwen en werd ontslagen.",
     "law_articles": "Art. 55b Barp\nArt. 5 Ambtenarenwet 2017\nArt. 8 Ambtenarenwet 2017",
     "related": ["financiele-belangen", "omgaan-met-zakelijke-uitnodigingen", "nevenwerkzaamheden"]},
]


def _seed_sheets(editor) -> None:
    created = []
    for data in SHEETS:
        if ThemeSheet.objects.filter(slug=data["slug"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "related"}
        created.append((services.save_content(editor, ThemeSheet(**fields), note="Demo-inhoud"), data["related"]))
    by_slug = {s.slug: s for s in ThemeSheet.objects.all()}
    for sheet, related in created:
        # A second save links the related sheets (they all exist now); it is version 2.
        services.save_content(editor, sheet, m2m={"related": [by_slug[s] for s in related if s in by_slug]},
                              note="Gerelateerde themabladen gekoppeld")


# --- initiatives --------------------------------------------------------------------------------

INITIATIVES = [
    {"title": "Theatervoorstelling ‘Café Integrité’", "kind": Initiative.Kind.THEATRE,
     "summary": "Interactieve voorstelling waarin acteurs herkenbare integriteitsdilemma’s uit het "
                "politiewerk spelen: omgang in het team, bevoegdheden en privésituaties. Het publiek "
                "stemt en praat mee.",
     "owner": "Eenheid Zuid, programma Politie voor Iedereen", "contact": "Programmabureau Politie voor Iedereen",
     "target_group": "Alle medewerkers van een eenheid, in groepen tot 150",
     "experiences": "Ruim drie kwart van de bezoekers was positief en zou de voorstelling aanraden. "
                    "Tips: plan een nagesprek in kleine groepen in en gebruik meer casussen uit de eigen praktijk.",
     "themes": ["sociaal-veilig-werkklimaat", "omgaan-met-informatie"]},
    {"title": "Theatervoorstelling en film ‘Rauw’", "kind": Initiative.Kind.THEATRE,
     "summary": "Voorstelling (ook als film beschikbaar) die integriteit beeldend bespreekbaar maakt, als "
                "opstap naar een gesprek in het team.",
     "owner": "Landelijk programma integriteit", "target_group": "Teams, opleidingsgroepen",
     "experiences": "Werkt het best als de teamchef het gesprek erna zelf leidt.",
     "themes": ["sociaal-veilig-werkklimaat"]},
    {"title": "Masterclass ethisch leiderschap", "kind": Initiative.Kind.MASTERCLASS,
     "summary": "Masterclass voor operationeel leidinggevenden vanaf teamchef over een ethisch "
                "werkklimaat: het goede gesprek voeren, dilemma’s bespreekbaar maken en zelf het voorbeeld geven.",
     "owner": "Eenheid Noord, afdeling VIK", "target_group": "Teamchefs en operationeel experts",
     "experiences": "Deelnemers waarderen het oefenen met echte casussen; een terugkomdag na drie maanden helpt.",
     "themes": ["sociaal-veilig-werkklimaat", "gebruik-van-geweld"]},
    {"title": "Toolkit preventie", "kind": Initiative.Kind.TOOLKIT,
     "summary": "Werkvormen en handreikingen voor teams: een risicoscan voor een onderdeel, dilemma’s "
                "bespreken, uitleg over het juiste gebruik van politiesystemen, en korte filmpjes over "
                "onder meer informatiegebruik en vertrouwelijkheid.",
     "owner": "Landelijk programma integriteit", "contact": "Preventieadviseur VIK van je eenheid",
     "target_group": "Teamchefs, preventieadviseurs",
     "url": "https://intranet.politie.local/algemenedocumenten/1204/toolkit-preventie.html",
     "themes": ["omgaan-met-informatie", "contacten-in-de-privesfeer"]},
    {"title": "Dilemmaspel met rollen", "kind": Initiative.Kind.GAME,
     "summary": "Spel voor groepen van ongeveer twaalf: een dilemmakaart, drie antwoorden, iedereen kiest "
                "in stilte en licht daarna zijn keuze toe, als medewerker, als leidinggevende of als "
                "omstander. Ook op maat voor studenten en hun praktijkcoaches. In VIK te spelen als "
                "dilemmasessie op de eigen telefoon.",
     "owner": "Korps Landelijke Politiediensten, vertrouwenspersonen",
     "target_group": "Nieuwe medewerkers, studenten en coaches, teams",
     "experiences": "Geeft zicht op verschillen in opvattingen binnen het team zonder dat iemand zich hoeft te verdedigen.",
     "themes": ["sociaal-veilig-werkklimaat", "aannemen-van-geschenken"]},
    {"title": "Monitor veilig leerklimaat voor studenten", "kind": Initiative.Kind.TOOLKIT,
     "summary": "Voordat een team studenten krijgt, vult het team een korte ja/nee-vragenlijst in over "
                "het werk- en leerklimaat. Met de uitkomst formuleert het team eigen aandachtspunten; "
                "tijdens de stage volgen gesprekken met de studenten. Nooit een vergelijking van teams.",
     "owner": "Eenheid Noord, personeelszorg", "target_group": "Teams die studenten ontvangen",
     "experiences": "Het werkt doordat het team zelf eigenaar is van de aandachtspunten en zelf om ondersteuning vraagt.",
     "themes": ["sociaal-veilig-werkklimaat"]},
    {"title": "Briefingdia’s diversiteit en feestdagen", "kind": Initiative.Kind.TOOLKIT,
     "summary": "Set briefingdia’s over actuele en terugkerende thema’s, zoals feestdagen uit verschillende "
                "culturen, met een wereldkalender, om in de briefing niet alleen te zenden maar het gesprek aan te gaan.",
     "owner": "Netwerk Divers Vakmanschap", "target_group": "Briefers en teamchefs",
     "themes": ["representativiteit"]},
]


def _seed_initiatives(editor) -> None:
    by_slug = {s.slug: s for s in ThemeSheet.objects.all()}
    for data in INITIATIVES:
        if Initiative.objects.filter(title=data["title"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "themes"}
        services.save_content(editor, Initiative(**fields),
                              m2m={"themes": [by_slug[s] for s in data["themes"] if s in by_slug]},
                              note="Demo-inhoud")


# --- the guide for line managers ----------------------------------------------------------------

GUIDE = [
    {"stage": ManagerGuideStage.Stage.SIGNAL,
     "introduction": "Er is een melding over een medewerker uit je team, of de triage heeft een melding aan jou teruggegeven om in de lijn af te handelen. In deze fase weet de medewerker vaak nog van niets. Jouw rol: zorgvuldig zijn met wat je weet en, bij afhandeling in de lijn, het goede gesprek voeren.",
     "checklist": "Lees het triagebesluit en de afspraken over de terugkoppeling, en noteer de termijn.\n"
                  "Ga na of je zelf betrokken bent (melder, getuige of partij); zo ja, meld dat bij VIK en laat de afhandeling aan een ander.\n"
                  "Bereid het gesprek met de medewerker voor: welke feiten, welke norm, wat verwacht je voortaan.\n"
                  "Voer het gesprek binnen de termijn en leg de afspraken kort vast.\n"
                  "Koppel in VIK terug wat je hebt gedaan en wat is afgesproken.\n"
                  "Twijfel je of dit in de lijn kan? Bel de teamchef VIK voordat je iets doet.",
     "may_share": "Niets over de melding; het team hoeft in deze fase niets te weten.\n"
                  "Als collega’s vragen stellen: dat je het signaal serieus neemt en dat het wordt opgepakt, zonder namen of inhoud.",
     "may_not_share": "Wie de melder is, ook niet als het team het vermoedt.\n"
                      "De inhoud van de melding of je eigen vermoedens.\n"
                      "Dat er misschien een onderzoek volgt.",
     "care_duty": "Ook zonder onderzoek blijf je verantwoordelijk voor de personele zorg van de medewerker en voor een veilig werkklimaat in het team. Let op de melder: die moet zich beschermd voelen en mag geen nadeel ondervinden van de melding.",
     "conversation": "Plan het gesprek op een rustig moment, niet vlak voor een vrije dag of aan het eind van een dienst.\n"
                     "Benoem concreet wat er is gebeurd en welke afspraak uit de beroepscode daarbij hoort.\n"
                     "Geef de medewerker de ruimte om zijn kant te vertellen en luister eerst.\n"
                     "Sluit af met duidelijke afspraken en een moment waarop je erop terugkomt."},
    {"stage": ManagerGuideStage.Stage.AANZEGGING,
     "introduction": "De medewerker krijgt te horen dat er een intern onderzoek naar hem loopt. Dat is voor bijna iedereen een schok. Wat er in de eerste dagen gebeurt, bepaalt voor een groot deel hoe hij de rest van het onderzoek doorkomt.",
     "checklist": "Stem met VIK af wanneer de aanzegging plaatsvindt; vermijd een vrijdagmiddag of de dag voor een vakantie.\n"
                  "Zorg dat je zelf of een vervanger direct na de aanzegging bereikbaar bent.\n"
                  "Spreek met de medewerker af wie zijn vaste contactpersoon voor zorg is en hoe vaak jullie contact hebben.\n"
                  "Wijs op de informatiemap, de vertrouwenspersoon, bedrijfsmaatschappelijk werk en de mogelijkheid van juridische bijstand.\n"
                  "Vraag of er thuis iemand is die steun kan gebruiken, en bied hulp aan voor het gezin als dat nodig is.\n"
                  "Spreek met VIK af wat je het team vertelt, en wanneer.\n"
                  "Regel praktische zaken zoals rooster, taken of een tijdelijke andere plek, in overleg met het bevoegd gezag.",
     "may_share": "Alleen wat met VIK en de medewerker is afgesproken, bijvoorbeeld dat een collega een tijd afwezig is of ander werk doet.\n"
                  "Dat je er bent voor vragen en zorgen van teamleden, en bij wie ze verder terecht kunnen.",
     "may_not_share": "De verdenking, de feiten of de stand van het onderzoek.\n"
                      "Je eigen oordeel over de schuld of onschuld van de medewerker.\n"
                      "Namen van melders of getuigen.",
     "care_duty": "Als direct leidinggevende ben je de eerste die zorg biedt. Lukt dat niet, omdat je zelf melder bent of omdat de verhouding verstoord is, zorg dan dat een andere leidinggevende de zorg overneemt en leg dat vast. Zorg ook voor het team: een onderzoek naar een collega raakt iedereen.",
     "conversation": "Wees erbij of kort erna in gesprek; laat de medewerker niet alleen naar huis gaan.\n"
                     "Praat niet over de inhoud van de verdenking; dat is aan de onderzoekers.\n"
                     "Vraag hoe het gaat en wat hij nu nodig heeft.\n"
                     "Spreek het eerstvolgende contactmoment af, met datum."},
    {"stage": ManagerGuideStage.Stage.DURING,
     "introduction": "Het onderzoek loopt, soms maanden. Voor de medewerker voelt dat vaak als stilte. Houd contact, ook als er geen nieuws is.",
     "checklist": "Houd vaste contactmomenten aan, bijvoorbeeld elke twee weken, ook zonder nieuws.\n"
                  "Leg elk contact vast als statusupdate in VIK.\n"
                  "Vraag VIK naar de verwachte einddatum en geef die door aan de medewerker; leg uit waarom als die verschuift.\n"
                  "Let op signalen van overbelasting of ziekte en verwijs op tijd naar de bedrijfsarts of bedrijfsmaatschappelijk werk.\n"
                  "Blijf in gesprek met het team over hoe het gaat en of er extra steun nodig is.\n"
                  "Kun je de zorg niet meer geven? Draag haar over aan een ander en leg dat vast.",
     "may_share": "Dat het onderzoek nog loopt en dat je contact houdt met de collega.\n"
                  "Wat in het team praktisch verandert, zoals roosters en taken.",
     "may_not_share": "Wat je over het onderzoek hoort van de medewerker of van VIK.\n"
                      "Wie er gehoord zijn of nog gehoord worden.\n"
                      "Geruchten; spreek die niet tegen en bevestig ze niet, maar verwijs naar de afloop.",
     "care_duty": "Je zorgplicht loopt door zolang het onderzoek duurt, ook als de medewerker geschorst of ziek is. Houd daarbij ook het thuisfront in het oog en bied hulp aan als dat nodig is.",
     "conversation": "Vraag eerst naar de medewerker zelf: slaap, gezin, werk, steun.\n"
                     "Vertel eerlijk wat je wel en niet weet over de voortgang.\n"
                     "Beloof niets over de uitkomst.\n"
                     "Vraag wat hij van jou verwacht tot het volgende gesprek."},
    {"stage": ManagerGuideStage.Stage.CLOSURE,
     "introduction": "Er is een besluit, of het onderzoek is afgesloten. De medewerker en vaak ook het team moeten weer verder. Ook als er geen plichtsverzuim is vastgesteld, is het werk niet zomaar klaar.",
     "checklist": "Bespreek de uitkomst met de medewerker zodra die bekend is, in een persoonlijk gesprek.\n"
                  "Is er niets vastgesteld? Zorg samen met het bevoegd gezag voor eerherstel, ook richting het team.\n"
                  "Is er een maatregel? Maak afspraken over terugkeer, begeleiding en de verwachtingen voortaan.\n"
                  "Informeer het team als de start van het onderzoek aan het team bekend was, in de woorden die met de medewerker zijn afgesproken.\n"
                  "Plan een nagesprek na enkele weken.\n"
                  "Vraag jezelf en het team wat jullie van deze zaak leren, zonder naar personen te wijzen.",
     "may_share": "Dat het onderzoek is afgesloten.\n"
                  "Bij een onterechte verdenking: dat de collega niets te verwijten valt, als hij dat wil.\n"
                  "Wat het team zelf kan doen om de samenwerking weer op gang te brengen.",
     "may_not_share": "De inhoud van het besluit of een opgelegde maatregel, tenzij de medewerker daarmee instemt en het bevoegd gezag het goedvindt.\n"
                      "Details uit het onderzoeksrapport.",
     "care_duty": "Ook na het besluit blijft de zorg nodig: terugkeer in het team, herstel van vertrouwen en zo nodig verwijzing naar nazorg. Denk ook aan het team en aan de melder.",
     "conversation": "Begin met de uitkomst; laat de medewerker niet wachten op het belangrijkste.\n"
                     "Geef ruimte voor emotie, opluchting of boosheid.\n"
                     "Bespreek samen wat nodig is om weer goed aan het werk te gaan.\n"
                     "Spreek af wat jullie het team vertellen en wie dat doet."},
]


def _seed_guide(editor) -> None:
    for data in GUIDE:
        if ManagerGuideStage.objects.filter(stage=data["stage"]).exists():
            continue
        services.save_content(editor, ManagerGuideStage(**data), note="Demo-inhoud")


@transaction.atomic
def seed(today: date | None = None) -> User:
    """Load the demo knowledge content and the editor login; returns the editor. `today` is
    accepted for symmetry with the other demo seeds (this content has no dates)."""
    editor = ensure_user(EDITOR_USERNAME, Role.EDITOR, personnel_number="P-DEMO-RED",
                         first_name="Renske", surname="Dekker")
    _seed_desks_and_questions(editor)
    _seed_sheets(editor)
    _seed_initiatives(editor)
    _seed_guide(editor)
    return editor
