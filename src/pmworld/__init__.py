"""pmworld: an independent synthetic world of police work, for testing protective monitoring.

``python -m pmworld OUT_DIR --employees N --weeks W --seed S [--format parquet|csv|jsonl]``
writes every table of the data contract (``shared/spec/protective-monitoring.md``) to OUT_DIR,
plus ``truth.jsonl`` (one misuse episode per line: episode_id, user_id, scenario, event_ids) and
``bursts.jsonl`` (large legitimate bursts: burst_id, scenario, event_ids). ``--days D`` replaces
``--weeks`` for short windows (``--employees 65000 --days 1``). The same seed gives the same files.

This package was written without looking at the engine or its own generator: it is a second
opinion about what police work looks like in the audit logs. Pure Python, NumPy and Polars.

How the world is built
======================

Organisation. Regions (eenheden, about one per 6,500 staff, at most ten) hold districts (about
one per 1,800 staff); a district has basic teams (basisteams, lognormal sizes around 160, so some
teams are two or three times larger than others) and a district detective team
(Districtsrecherche); each region has a control room (Meldkamer, ~6 % of staff) and a staff
unit (Staf: screening officers of VIK, press officers, analysts). Roles: ``agent``, ``intake``,
``leidinggevende`` in basic teams; ``rechercheur``, ``analist`` in detective teams; ``meldkamer``;
``staf``. 1 % of staff join during the window, 1 % leave (``active_from``/``active_to``); their
lookups stay inside their employment.

Geography and population. Each basic team polices an area of whole postcode districts (PC4, 25
PC6 of 18 addresses each); about 30 persons per employee live in the force's area. Households
have 1-7 members, and 0.3 % of addresses are institutions (care homes, student housing,
reception centres) with 25-400 residents. Surnames follow a Zipf curve over common Dutch names
plus a long synthetic tail; 22 % of household members carry another surname than the household
(partners who kept their name, step-children). Vehicles (0.42 per person) have a keeper; a
vehicle's ``subjects`` row carries the keeper's address and surname.

Employees at home. 95 % of employees have a home address (the rest live outside the force area
or it is unknown). Police households cluster: 45 % of basic-team staff live in their own team's
area, most others in two "commuter" areas per district, and inside an area a few estates (PC6,
drawn with Zipf weights) hold many police households, so colleagues are each other's neighbours
and live among the people their team polices. The employee is a ``person`` subject with
``employee_user_id``. 12 % are known at work by a married or double name (``employees.surname_key``
differs from the BRP surname). Each employee has relatives: co-residents (partner, children) and
1-6 relatives elsewhere (parents, siblings, children, in-laws, step-children), half in the same
area; blood relatives share the employee's birth surname only about half of the time.

declared_relations (our choice, documented). A declared relation is the meldplicht at work: the
organisation knows the tie, and that makes a lookup of that person **forbidden**, never
explained. No legitimate lookup of a declared relative exists in this world (officers are not
assigned to registrations about their own family), so every such lookup is misuse
(scenario ``family_declared``). About half of the partners and a third of other relatives are
declared, and 4 % of employees declared an acquaintance who is a frequent police subject. The
undeclared family remains (``family_undeclared``), often with another surname.

Rosters (``shifts``). Basic teams rotate early/late/night (07-15, 15-23, 23-07 local time,
9 shifts in 14 days); intake works early/late; the control room works 12-hour day/night shifts
(4 on, 4 off); detectives, analysts, managers and staff work office days without a roster row
(70 % of detectives, all analysts and staff: "staff without rosters"). Times are Europe/Amsterdam
wall-clock times converted to instants, so a night shift across the switch to summer time is 7
hours long. Realistic noise: 3 % of rostered shifts are not worked (sick), 4 % of worked shifts
are missing from the roster table, 3 % of agents have no roster rows at all, 15 % of shifts run
20-180 minutes over, 20 % start a quarter early, and 1.5 % of days off become call-in shifts.

Registrations. Incidents are created inside agents' shifts (about 0.6 per agent shift, with a
colleague of the same slot), reports by intake (about 5 per shift), cases by detectives; before
the window a backlog exists (incidents of the last two weeks, reports of two months, cases of
eight months with lognormal durations around four months). A large basic team therefore has
several thousand open registrations in a five-week window, and a basic team registers thousands
of incidents a year. Subjects of registrations are skewed: 30 % are drawn from a team's frequent
subjects (repeat offenders, frequent callers; Zipf), so some persons are in 20+ registrations;
45 % of the persons of an incident live at the incident address; a fifth of the incident
addresses come from the region's hot list. 6 % of cases (at least one per district) are
``restricted`` (afgeschermd).

Legitimate patterns in query_log
================================

* Agents: briefing at shift start (recent registrations of the team, not necessarily their own,
  with the registration number as purpose); their new incidents (registration, then every person,
  address and vehicle, mostly with purpose; 10 % of these lookups have no purpose); follow-ups on
  own registrations up to ten days after closure; traffic stops: RDW plate search and vehicle
  view, then the keeper in BRP within minutes (purpose ``verkeerscontrole`` or empty), on duty.
  2 % of stops hit a vehicle of a restricted case, and 1 % of incident persons are suspects of a
  restricted case: restricted persons are legitimately probed by on-duty officers of other teams.
  2 % of incidents of an officer who lives in the team's own area happen in the officer's own
  street: legitimate neighbour lookups. In 20 % of incidents a witness or bystander living at or
  next to the scene is looked up under the incident number without being added to
  ``registration_subjects`` (a purpose that does not list the person, yet legitimate).
* Intake: person search by name, person, address, then the new report.
* Control room (``meldkamer``): about 50 calls per 12-hour shift; GMS address search and view,
  residents, frequent callers, name searches, recent incidents; no purpose (GMS does not ask).
  40 % of the addresses come from a Zipf hot list, so a few addresses and persons are opened
  thousands of times in a 2,000-employee world.
* Detectives: their open cases, the main suspect looked up again and again (a legitimate
  fixation), BVI-IB free-text searches with the case as purpose, and now and then a
  neighbourhood canvass (buurtonderzoek): 10-30 consecutive addresses and their residents with
  the case as purpose (legitimate enumeration).
* Analysts: many free-text searches with large result counts and some exports, mostly with a
  case number as purpose. Managers: views of team registrations. Staff: few lookups.
* Bursts (``bursts.jsonl``):
  ``major_incident`` (about one per region per three weeks): one registration, 25-80 persons,
  55-150 officers (those on duty first, then called in, i.e. lookups outside their roster),
  detectives following up for days, the control room on the addresses;
  ``news_wave`` (about one per region per two weeks): a public figure (``high_profile``) in a
  registration worked by 15-50 officers including press officers, with lookups of the person for
  days, 10 % of them without purpose;
  ``repeat_vetting``: VIK screening officers look up colleagues (BO every 8 years, BO+ every 5)
  with the vetting file number ``BO-...`` as purpose.

Misuse scenarios (``truth.jsonl``)
==================================

About 1.5 episodes per 1,000 user-days (a user-day: an employee with a worked shift that day),
and at least one of every scenario, so small worlds have a higher rate. Each episode belongs to
one employee (mostly agents and intake, also detectives, control room, managers, analysts, rarely
staff); most events happen during the employee's own shift, in the systems used anyway, and are
mixed into ordinary work. Only the episode's own events are in the truth.

* ``neighbour``: an address in the employee's own PC6 and 1-3 of its residents (not in the
  employee's registrations), without purpose. When colleagues had an incident at a neighbour's
  address in the window (the police car at the door), the lookup usually follows it within
  hours to days, so the neighbour *is* in a registration, just not one of the employee's;
  otherwise 1-2 neighbour addresses at a random moment, 35 % off duty.
* ``celebrity_curiosity``: during a news wave, an officer not on the registration searches the
  name and/or opens the public figure (sometimes the address) within four days; no purpose, or
  (a quarter) the news registration's number copied from the briefing.
* ``ex_partner``: an ex-partner or love interest looked up 2-5 times over the window (person, at
  times address, car and the new partner at that address), 30 % off duty. In 40 % it is someone
  met on duty (a person of the officer's own closed registration), looked up after closure with
  the old registration number as purpose.
* ``family_declared``: 1-2 declared relatives, person (and at times address), no purpose.
* ``family_undeclared``: 1-2 undeclared relatives (often another surname: in-laws,
  step-children, married names), or the child's new boyfriend (person, name search, car).
* ``colleague``: another employee's person record (60 % same team), address, car, on duty.
* ``plate_off_duty``: off duty in the evening: RDW plate search, vehicle, keeper in BRP/BVH;
  the vehicle belongs to someone living within a few streets of the employee in 60 %.
* ``restricted_leak``: 1-3 persons (sometimes a vehicle) of a restricted case of the employee's
  region, by someone not assigned to it, on duty, no purpose.
* ``fig_leaf``: a private target (person, address, a housemate) looked up with a real, open
  registration number of the employee as purpose — a registration that does not involve them.
* ``enumeration``: 15-60 addresses and residents opened one after another along a street
  (consecutive addresses), within an hour or two, on duty, no purpose.
* ``fixation``: one person, one lookup every 2-6 days during shifts, over the whole window
  (at least three lookups; needs a window of a week or more, absent in shorter worlds).
* ``free_text_browsing``: 4-14 free-text searches (names, public figures, streets, "hells
  angels"), few records opened, no purpose.

Module map: :mod:`pmworld.world` (organisation, population, rosters, registrations),
:mod:`pmworld.activity` (legitimate lookups and bursts), :mod:`pmworld.misuse` (episodes),
:mod:`pmworld.output` (contract tables and files), :mod:`pmworld.__main__` (command line).
"""
