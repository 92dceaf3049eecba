"""Queries a referrer would type, judged against the demo network (demo/data/directory.json).

Each entry: the query, and the results of which at least one must be in the top 3.
A result is written "Title | Organisation" (a service) or "Organisation |" (the
organisation itself); a judged result matches a hit when the hit's "title | organisation"
starts with it.
"""

ACCOMMODATION = [
    "Emergency housing assessment |",
    "Emergency safe house for women |",
    "Safe house for men |",
]

JUDGED = [
    # The three journeys the issue names.
    (
        "safe house albanian CO1",
        [
            "Emergency safe house for women | Colne Valley Refuge Trust",
            "Safe house for men | Colne Valley Refuge Trust",
        ],
    ),
    (
        "modren slavery helpline",
        [
            "Report modern slavery | Essex Police Modern Slavery Unit",
            "Essex Police Modern Slavery Unit |",
        ],
    ),
    ("NRM first responder", ["NRM referrals (first responder) |"]),
    # Professional and everyday words (the thesaurus).
    (
        "human trafficking",
        [
            "Essex Police Modern Slavery Unit |",
            "Report modern slavery |",
            "Independent modern slavery advocacy |",
        ],
    ),
    (
        "national referral mechanism",
        ["NRM referrals (first responder) |", "The National Referral Mechanism explained |"],
    ),
    ("refuge for women", ["Emergency safe house for women |"]),
    ("shelter for men", ["Safe house for men |"]),
    (
        "translator romanian",
        [
            "Carpathia Romanian Support Centre |",
            "Telephone and face-to-face interpreting | Carpathia",
            "Telephone and face-to-face interpreting | Essex Interpreting",
        ],
    ),
    (
        "solicitor for trafficking victims",
        ["Sanctuary Legal Chambers |", "Legal advice clinic |", "Free immigration advice |"],
    ),
    # Typing errors.
    ("imigration advice", ["Free immigration advice |"]),
    (
        "mental helth trauma",
        ["Trauma counselling |", "North East Essex Mental Health Partnership |"],
    ),
    ("councelling", ["Trauma counselling |"]),
    (
        "interpretor",
        ["Telephone and face-to-face interpreting |", "Essex Interpreting Cooperative |"],
    ),
    (
        "seafarers harwhich",
        [
            "Harwich Haven Seafarers' Mission |",
            "Community drop-in and hot meals | Harwich Haven",
            "Worker welfare line | Harwich Haven",
        ],
    ),
    # Needs, as a referrer says them.
    (
        "emergency accommodation",
        ["Emergency housing assessment |", "Emergency safe house for women |"],
    ),
    ("move on housing", ["Move-on housing |"]),
    ("GP registration", ["Health drop-in and GP registration help |"]),
    ("english classes", ["English classes (ESOL) |"]),
    ("esol", ["English classes (ESOL) |", "Colchester ESOL Partnership |"]),
    ("food bank", ["Food bank and emergency grants |", "Tiptree & District Foodbank |"]),
    ("benefits advice", ["Employment and benefits advice |"]),
    ("county lines", ["Witham Youth Trust |", "Young people's support |"]),
    ("drug and alcohol", ["Drug and alcohol service |", "Open Road Recovery |"]),
    ("sexual health", ["Sexual health outreach |"]),
    ("report to police", ["Report modern slavery |", "Essex Police Modern Slavery Unit |"]),
    (
        "independent advocacy",
        ["Independent modern slavery advocacy |", "Beacon Independent Advocacy |"],
    ),
    (
        "children safeguarding",
        ["Children's safeguarding and social care |", "Essex County Children's Services (North) |"],
    ),
    # Communities and sectors.
    ("vietnamese nail bar", ["Saigon Bridge Vietnamese Association |"]),
    ("polish labour exploitation", ["Polska Pomoc North Essex |"]),
    ("eritrean", ["Horn of Africa Welcome Project |"]),
    ("chinese workers", ["Red Lantern Support for Chinese Workers |"]),
    ("car wash", ["Colne Hand Car Wash Standards Scheme |"]),
    ("farm workers", ["St Osyth Farmworkers' Support |", "Essex Fresh Produce Growers' Group |"]),
    ("lorries port", ["Port of Harwich Border Welfare Service |"]),
    ("cannabis farm", ["Saigon Bridge Vietnamese Association |"]),
    ("massage parlour", ["Red Lantern Support for Chinese Workers |"]),
    ("sex work outreach", ["Walton Seafront Welfare Project |", "Sexual health outreach |"]),
    (
        "seasonal workers",
        ["Mersea Island Community Support |", "St Osyth Farmworkers' Support |"],
    ),
    # Languages and needs together.
    (
        "vietnamese interpreter",
        [
            "Telephone and face-to-face interpreting | Saigon Bridge",
            "Saigon Bridge Vietnamese Association |",
            "Essex Interpreting Cooperative |",
            "Telephone and face-to-face interpreting | Essex Interpreting",
        ],
    ),
    (
        "tigrinya interpreter",
        [
            "Telephone and face-to-face interpreting | Horn of Africa",
            "Horn of Africa Welcome Project |",
            "Essex Interpreting Cooperative |",
            "Telephone and face-to-face interpreting | Essex Interpreting",
        ],
    ),
    # Longer questions, as a referrer types them.
    (
        "child trafficking social care",
        [
            "Children's safeguarding and social care |",
            "Essex County Children's Services (North) |",
            "Young people's support |",
        ],
    ),
    ("immigration advice no recourse to public funds", ["Free immigration advice |"]),
    (
        "mental health trauma counselling",
        ["Trauma counselling |", "North East Essex Mental Health Partnership |"],
    ),
    ("duty to notify", ["NRM referrals (first responder) |"]),
    ("leaving a safe house", ["Move-on housing |"]),
    # Words run together or written apart.
    ("carwash", ["Colne Hand Car Wash Standards Scheme |"]),
    ("foodbank", ["Tiptree & District Foodbank |", "Food bank and emergency grants |"]),
    # Names.
    ("colne valley", ["Colne Valley Refuge Trust |"]),
    ("womens aid", ["East Anglia Women's Aid Network |"]),
    # Everyday words (the everyday phrases, search/everyday.py) and typing errors in long
    # words (forgiven on unstemmed words): issue #12, "Search that forgives".
    ("accomodation", [*ACCOMMODATION, "Move-on housing |"]),
    ("acommodation", [*ACCOMMODATION, "Move-on housing |"]),
    ("emergancy accomodation", ACCOMMODATION),
    ("somewhere to sleep tonight", ACCOMMODATION),
    ("nowhere to stay", ACCOMMODATION),
    ("bed for the night", ACCOMMODATION),
    ("sleeping rough", ACCOMMODATION),
    ("safehouse", ["Emergency safe house for women |", "Safe house for men |"]),
    ("see a doctor", ["Health drop-in and GP registration help |"]),
    ("pregnant", ["Sexual health outreach |"]),
    ("sexual helth", ["Sexual health outreach |"]),
    (
        "someone to talk to",
        ["Trauma counselling |", "North East Essex Mental Health Partnership |"],
    ),
    ("feeling depressed", ["Trauma counselling |", "North East Essex Mental Health Partnership |"]),
    ("learn english", ["English classes (ESOL) |", "Colchester ESOL Partnership |"]),
    (
        "doesn't speak english",
        ["Telephone and face-to-face interpreting |", "Essex Interpreting Cooperative |"],
    ),
    (
        "interprter",
        ["Telephone and face-to-face interpreting |", "Essex Interpreting Cooperative |"],
    ),
    ("no money for food", ["Food bank and emergency grants |", "Tiptree & District Foodbank |"]),
    ("find a job", ["Employment and benefits advice |"]),
    ("benifits advice", ["Employment and benefits advice |"]),
    ("asylum claim", ["Free immigration advice |"]),
    ("visa problems", ["Free immigration advice |"]),
    ("immigraton", ["Free immigration advice |"]),
    (
        "boss took my passport",
        ["Report modern slavery |", "Essex Police Modern Slavery Unit |"],
    ),
    ("drug problem", ["Drug and alcohol service |", "Open Road Recovery |"]),
    (
        "teenager selling drugs",
        [
            "Young people's support |",
            "Witham Youth Trust |",
            "Children's safeguarding and social care |",
        ],
    ),
    (
        "vietnamise",
        [
            "Saigon Bridge Vietnamese Association |",
            "Telephone and face-to-face interpreting | Saigon Bridge",
        ],
    ),
]
