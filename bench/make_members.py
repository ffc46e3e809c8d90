"""Generate a realistic bulk member import file for the benchmark.

About one row in ten carries a mistake of the kind admins really make (time zones copied from the
drop-down, roles in capitals, handles with dots, stray spaces, duplicates, Excel formulas, ...).
The header is always the valid one, so every row reaches the cell checks.

The output is deterministic for a given (rows, seed): the same bytes on every machine and every
Python >= 3.11. It is written to bench/data/ (git-ignored) and reused when present.

    python bench/make_members.py [--rows 100000] [--seed 311] [--out PATH]

or, from another benchmark:

    from make_members import members_file, members_csv
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections import Counter
from pathlib import Path

# Bump when the generator's output changes, so a cached file from an older version is not reused.
GENERATOR_VERSION = 2
DEFAULT_ROWS = 100_000
DEFAULT_SEED = 311
PROBLEM_RATE = 0.10
DATA_DIR = Path(__file__).resolve().parent / "data"

# The vendor's format, restated here on purpose: the benchmark must not depend on the code it measures.
HEADER = ["email", "name", "role", "handle", "timezone", "locale", "first_name", "last_name"]
ROLES = ["internal personnel", "manager", "owner", "requester"]
# Most members are staff who work requests; owners are few.
ROLE_WEIGHTS = [55, 25, 3, 17]
TIMEZONES = {
    "Eastern Time (US & Canada)": ("America/New_York", "-05:00"),
    "Indiana (East)": ("America/Indiana/Indianapolis", "-05:00"),
    "Central Time (US & Canada)": ("America/Chicago", "-06:00"),
    "Mountain Time (US & Canada)": ("America/Denver", "-07:00"),
    "Arizona": ("America/Phoenix", "-07:00"),
    "Pacific Time (US & Canada)": ("America/Los_Angeles", "-08:00"),
    "Alaska": ("America/Juneau", "-09:00"),
    "Hawaii": ("Pacific/Honolulu", "-10:00"),
}
TIMEZONE_WEIGHTS = [38, 3, 28, 8, 4, 16, 2, 1]
HANDLE_MAX = 16

FIRST_NAMES = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Christopher", "Karen", "Charles", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Dorothy", "Jason", "Rebecca", "Edward", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia", "Jacob", "Amy", "Gary", "Kathleen", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Brenda", "Stephen", "Emma", "Larry", "Anna", "Justin", "Pamela", "Scott", "Nicole", "Brandon", "Samantha", "Benjamin", "Katherine", "Samuel", "Christine", "Gregory", "Helen", "Alexander", "Debra", "Patrick", "Rachel", "Frank", "Carolyn", "Raymond", "Janet", "Jack", "Maria", "Dennis", "Catherine", "Jerry", "Heather", "Tyler", "Diane", "Aaron", "Olivia", "Jose", "Julie", "Adam", "Joyce", "Nathan", "Victoria", "Henry", "Ruth", "Zachary", "Virginia", "Douglas", "Lauren", "Peter", "Kelly", "Kyle", "Christina", "Noah", "Joan", "Ethan", "Evelyn", "Jeremy", "Judith", "Walter", "Andrea", "Christian", "Hannah", "Keith", "Megan", "Roger", "Cheryl", "Terry", "Jacqueline", "Austin", "Martha", "Sean", "Madison", "Gerald", "Teresa", "Carl", "Gloria", "Harold", "Sara", "Dylan", "Janice", "Arthur", "Ann", "Lawrence", "Kathryn", "Jordan", "Abigail", "Jesse", "Sophia", "Bryan", "Frances", "Billy", "Jean", "Bruce", "Alice", "Gabriel", "Judy", "Joe", "Isabella", "Logan", "Julia", "Alan", "Grace", "Juan", "Amber", "Albert", "Denise", "Willie", "Danielle", "Elijah", "Marilyn", "Wayne", "Beverly", "Randy", "Charlotte", "Vincent", "Natalie", "Mason", "Theresa", "Roy", "Diana", "Ralph", "Brittany", "Bobby", "Doris", "Russell", "Kayla", "Bradley", "Alexis", "Philip", "Lori", "Eugene", "Marie", "Jon", "Mike", "Tina", "Guadalupe", "Xavier"]

LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez", "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills", "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto", "Weaver", "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins", "Arnold", "Pierce", "Vazquez", "Hansen", "Peters", "Santos", "Hart", "Bradley", "Knight", "Elliott", "Cunningham", "Duncan", "Armstrong", "Hudson", "Carroll", "Lane", "Riley", "Andrews", "Alvarado", "Ray", "Delgado", "Berry", "Perkins", "Hoffman", "Johnston", "Matthews", "Pena", "Richards", "Contreras", "Willis", "Carpenter", "Lawrence", "Sandoval", "Guerrero", "George", "Chapman", "Rios", "Estrada", "Ortega", "Watkins", "Greene", "Nunez", "Wheeler", "Valdez", "Harper", "Burke", "Larson", "Santiago", "Maldonado", "Morrison", "Franklin", "Carlson", "Austin", "Dominguez", "Carr", "Lawson", "Jacobs", "Obrien", "Lynch", "Singh", "Vega", "Bishop", "Montgomery", "Oliver", "Jensen", "Harvey", "Williamson", "Gilbert", "Dean", "Sims", "Espinoza", "Howell", "Li", "Wong", "Reid", "Hanson", "Le", "McCoy", "Garrett", "Burton", "Fuller", "Wang", "Weber", "Welch", "Rojas", "Lucas", "Marquez", "Fields", "Park", "Yang", "Little", "Banks", "Padilla", "Day", "Walsh", "Bowman", "Schultz", "Luna", "Fowler", "Mejia", "Davidson", "Acosta", "Brewer", "May", "Holland", "Juarez", "Newman", "Pearson", "Curtis", "Cortez", "Douglas", "Schneider", "Joseph", "Barrett", "Navarro", "Figueroa", "Keller", "Avila", "Wade", "Molina", "Stanley", "Hopkins", "Campos", "Barnett", "Bates", "Chambers", "Caldwell", "Beck", "Lambert", "Miranda", "Byrd", "Craig", "Ayala", "Lowe", "Frazier", "Powers", "Neal", "Leonard", "Gregory", "Carrillo", "Sutton", "Fleming", "Rhodes", "Shelton", "Schwartz", "Norris", "Jennings", "Watts", "Duran", "Walters", "Cohen", "McDaniel", "Moran", "Parks", "Steele", "Vaughn", "Becker", "Holt", "Deleon", "Barker", "Terry", "Hale", "Leon", "Hail", "Benson", "Haynes", "Horton", "Miles", "Lyons", "Pham", "Graves", "Bush", "Thornton", "Wolfe", "Warner", "Cabrera", "McKinney", "Mann", "Zimmerman", "Dawson", "Lara", "Fletcher", "Page", "McCarthy", "Love", "Robles", "Cervantes", "Solis", "Erickson", "Reeves", "Chang", "Klein", "Salinas", "Fuentes", "Baldwin", "Daniel", "Simon", "Velasquez", "Hardy", "Higgins", "Aguirre", "Lin", "Cummings", "Chandler", "Sharp", "Barber", "Bowen", "Ochoa", "Dennis", "Robbins", "Liu", "Ramsey", "Francis", "Griffith", "Paul", "Blair", "Oconnor", "Cardenas", "Pacheco", "Cross", "Calderon", "Quinn", "Moss", "Swanson", "Chan", "Rivas", "Khan", "Rodgers", "Serrano", "Fitzgerald", "Rosales", "Stevenson", "Christensen", "Manning", "Gill", "Curry", "McLaughlin", "Harmon", "McGee", "Gross", "Doyle", "Garner", "Newton", "Burgess", "Reese", "Walton", "Blake", "Trujillo", "Adkins", "Brady", "Goodman", "Roman", "Webster", "Goodwin", "Fischer", "Huang", "Potter", "Delacruz", "Montoya", "Todd", "Wu", "Hines", "Mullins", "Castaneda", "Malone", "Cannon", "Tate", "Mack", "Sherman", "Hubbard", "Hodges", "Zhang", "Guerra", "Wolf", "Valencia", "Saunders", "Franco", "Rowe", "Gallagher", "Farmer", "Hammond", "Hampton", "Townsend", "Ingram", "Wise", "Gallegos", "Clarke", "Barton", "Schroeder", "Maxwell", "Waters", "Logan", "Camacho", "Strickland", "Norman", "Person", "Colon", "Parsons", "Frank", "Harrington", "Glover", "Osborne", "Buchanan", "Casey", "Floyd", "Patton", "Ibarra", "Ball", "Tyler", "Suarez", "Bowers", "Orozco", "Salas", "Cobb", "Gibbs", "Andrade", "Bauer", "Conner", "Moody", "Escobar", "McGuire", "Lloyd", "Mueller", "Hartman", "French", "Kramer", "McBride", "Pope", "Lindsey", "Velazquez", "Norton", "McCormick", "Sparks", "Flynn", "Yates", "Hogan", "Marsh", "Macias", "Villanueva", "Zamora", "Pratt", "Stokes", "Owen", "Ballard", "Lang", "Brock", "Villarreal", "Charles", "Drake", "Barrera", "Cain", "Patrick", "Pineda", "Burnett", "Mercado", "Santana", "Shepherd", "Bautista", "Ali", "Shaffer", "Lamb", "Trevino", "McKenzie", "Hess", "Beil", "Olsen", "Cochran", "Morton", "Nash", "Wilkins", "Petersen", "Briggs", "Shah", "Roth", "Nicholson", "Holloway", "Lozano", "Rangel", "Flowers", "Hoover", "Short", "Arias", "Mora", "Valenzuela", "Bryan", "Meyers", "Weiss", "Underwood", "Bass", "Greer", "Summers", "Houston", "Carson", "Morrow", "Clayton", "Whitaker", "Decker", "Yoder", "Collier", "Zuniga", "Carey", "Wilcox", "Melendez", "Poole", "Roberson", "Larsen", "Conley", "Davenport", "Copeland", "Massey", "Lam", "Huff", "Rocha", "Cameron", "Jefferson", "Hood", "Monroe", "Anthony", "Pittman", "Huynh", "Randall", "Singleton", "Kirk", "Combs", "Mathis", "Christian", "Skinner", "Bradford", "Richard", "Galvan", "Wall", "Boone", "Kirby", "Wilkinson", "Bridges", "Bruce", "Atkinson", "Velez", "Meza", "Roy", "Vincent", "York", "Hodge", "Villa", "Abbott", "Allison", "Tapia", "Gates", "Chase", "Sosa", "Sweeney", "Farrell", "Wyatt", "Dalton", "Horn", "Barron", "Phelps", "Yu", "Dickerson", "Heath", "Foley", "Atkins", "Mathews", "Bonilla", "Acevedo", "Benitez", "Zavala", "Hensley", "Glenn", "Cisneros", "Harrell", "Shields", "Rubio", "Huffman", "Choi", "Boyer", "Garrison", "Arroyo", "Bond", "Kane", "Hancock", "Callahan", "Dillon", "Cline", "Wiggins", "Grimes", "Arellano", "Melton", "ONeill", "Savage", "Ho", "Beltran", "Pitts", "Parrish", "Ponce", "Rich", "Booth", "Koch", "Golden", "Ware", "Brennan", "McDowell", "Marks", "Cantu", "Humphrey", "Baxter", "Sawyer", "Clay", "Tanner", "Hutchinson", "Kaur", "Berg", "Wiley", "Gilmore", "Russo", "Villegas", "Hobbs", "Keith", "Wilkerson", "Ahmed", "Beard", "McClain", "Montes", "Mata", "Rosario", "Vang", "Walter", "Henson", "Oneal", "Mosley", "McClure", "Beasley", "Stephenson", "Snow", "Huerta", "Preston", "Vance", "Barry", "Johns", "Eaton", "Blackwell", "Dyer", "Prince", "Macdonald", "Solomon", "Guevara", "Stafford", "English", "Hurst", "Woodard", "Cortes", "Shannon", "Kemp", "Nolan", "McCullough", "Merritt", "Murillo", "Moon", "Salgado", "Strong", "Kline", "Cordova", "Barajas", "Roach", "Rosas", "Winters", "Jacobson", "Lester", "Knox", "Bullock", "Kerr", "Leach", "Meadows", "Orr", "Davila", "Whitehead", "Pruitt", "Kent", "Conway", "McKee", "Barr", "David", "Dejesus", "Marin", "Berger", "McIntyre", "Blankenship", "Gaines", "Palacios", "Cuevas", "Bartlett", "Durham", "Dorsey", "McCall", "Odonnell", "Stein", "Browning", "Stout", "Lowery", "Sloan", "McLean", "Hendricks", "Calhoun", "Sexton", "Chung", "Gentry", "Hull", "Duarte", "Ellison", "Nielsen", "Gillespie", "Buck", "Middleton", "Sellers", "Leblanc", "Esparza", "Hardin", "Bradshaw", "McIntosh", "Howe", "Livingston", "Frost", "Glass", "Morse", "Knapp", "Herman", "Stark", "Bravo", "Noble", "Spears", "Weeks", "Corona", "Frederick", "Buckley", "McFarland", "Hebert", "Enriquez", "Hickman", "Quintero", "Randolph", "Schaefer", "Walls", "Trejo", "House", "Reilly", "Pennington", "Michael", "Conrad", "Giles", "Benjamin", "Crosby", "Fitzpatrick", "Donovan", "Mays", "Mahoney", "Valentine", "Raymond", "Medrano", "Hahn", "McMillan", "Small", "Bentley", "Felix", "Peck", "Lucero", "Boyle", "Hanna", "Pace", "Rush", "Hurley", "Harding", "McConnell", "Bernal", "Nava", "Ayers", "Everett", "Ventura", "Avery", "Pugh", "Mayer", "Bender", "Shepard", "McMahon", "Landry", "Case", "Sampson", "Moses", "Magana", "Blackburn", "Dunlap", "Gould", "Duffy", "Vaughan", "Herring", "McKay", "Espinosa", "Rivers", "Farley", "Bernard", "Ashley", "Friedman", "Potts", "Truong", "Costa", "Correa", "Blevins", "Nixon", "Clements", "Fry", "Delarosa", "Best", "Benton", "Lugo", "Portillo", "Dougherty", "Crane", "Haley", "Phan", "Villalobos", "Blanchard", "Horne", "Finley", "Quintana", "Lynn", "Esquivel", "Bean", "Dodson", "Mullen", "Xiong", "Hayden", "Cano", "Levy", "Huber", "Richmond", "Moyer", "Lim", "Frye", "Sheppard", "McCarty", "Avalos", "Booker", "Waller", "Parra", "Woodward", "Jaramillo", "Krueger", "Rasmussen", "Brandt", "Peralta", "Donaldson", "Stuart", "Faulkner", "Maynard", "Galindo", "Coffey", "Estes", "Sanford", "Burch", "Maddox", "Vo", "Oconnell", "Vu", "Andersen", "Spence", "McPherson", "Church", "Schmitt", "Stanton", "Leal", "Cherry", "Compton", "Dudley", "Sierra", "Pollard", "Alfaro", "Hester", "Proctor", "Lu", "Hinton", "Novak", "Good", "Madden", "McCann", "Terrell", "Jarvis", "Dickson", "Reyna", "Cantrell", "Mayo", "Branch", "Hendrix", "Rollins", "Rowland", "Whitney", "Duke", "Odom", "Daugherty", "Travis", "Tang", "Archer", "Peyer", "Camare", "Vanderberg", "Christopherson", "Montgomery-Smith", "Villalobos-Garcia"]

DEPARTMENTS = [
    "Public Works", "Parks and Recreation", "Water Utilities", "Streets", "Sanitation",
    "Code Enforcement", "Transportation", "Planning", "Building Inspections", "Animal Services",
    "Stormwater", "Traffic Engineering", "Forestry", "Fleet Services", "Solid Waste",
    "Neighborhood Services", "Environmental Services", "Facilities", "Police", "Fire",
    "Library", "Housing", "Health", "311 Customer Service", "City Clerk", "IT",
]
TITLES = [
    "Director", "Deputy Director", "Manager", "Supervisor", "Coordinator", "Specialist",
    "Inspector", "Technician", "Crew Leader", "Analyst", "Administrative Assistant",
    "Customer Service Rep", "Engineer", "Superintendent", "Dispatcher",
]
# "{dept} {title}", "Department of {dept} {title}" or "{title}, {dept}" (the comma forces quoting).
NAME_SHAPES = [("{d} {t}", 80), ("Department of {d} {t}", 8), ("{t}, {d}", 12)]
CITY_DOMAINS = [
    "springfield.gov", "madison.gov", "fortwayne.gov", "tucson.gov", "norfolk.gov", "boise.gov",
    "durham.gov", "juneau.gov", "honolulu.gov", "indy.gov", "tulsa.gov", "mesa.gov", "reno.gov",
    "denver.gov", "peoria.gov", "akron.gov",
]

# Mistakes and how often each appears among the problem rows (relative weights).
PROBLEM_KINDS = {
    "timezone_no_space": 8,         # "Central Time(US & Canada)" (the vendor's own old example)
    "timezone_gmt_prefix": 10,      # "(GMT-06:00) Central Time (US & Canada)" from the drop-down
    "timezone_iana": 5,             # "America/Chicago"
    "role_capitals": 8,             # "Manager", "INTERNAL PERSONNEL"
    "role_trailing_space": 5,       # "manager "
    "handle_dots_capitals": 8,      # "Jon.Peyer"
    "handle_too_long": 6,           # "christopher_vanderberg"
    "name_spaces": 8,               # stray leading/trailing spaces in name/first/last
    "name_nbsp": 4,                 # non-breaking space pasted from a web page
    "email_invalid": 6,             # "jon.peyer@springfield", "jon peyer@...", "...@@..."
    "email_duplicate": 5,           # an earlier row's email in another letter case
    "handle_duplicate": 5,          # an earlier row's handle
    "locale_variant": 7,            # "EN", "en-US"
    "locale_empty": 4,              # ""
    "required_empty": 6,            # an empty cell in a required column
    "formula": 3,                   # "=HYPERLINK(...)" or "=Parks Manager"
}


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]


class _Members:
    """Builds valid members with unique emails and handles; remembers earlier rows for duplicates."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.emails: set[str] = set()
        self.handles: set[str] = set()
        self.earlier: list[dict[str, str]] = []

    def _unique_handle(self, first: str, last: str) -> str:
        first, last = first.lower(), last.lower().replace("-", "").replace("'", "")
        candidates = [f"{first}_{last}", f"{first[0]}_{last}", f"{first[0]}{last}"]
        for candidate in candidates:
            candidate = candidate[:HANDLE_MAX]
            if candidate not in self.handles:
                return candidate
        base = f"{first[0]}_{last}"
        number = 2
        while True:
            suffix = str(number)
            candidate = base[: HANDLE_MAX - len(suffix)] + suffix
            if candidate not in self.handles:
                return candidate
            number += 1

    def _unique_email(self, first: str, last: str, domain: str) -> str:
        local = f"{first}.{last}".lower().replace("'", "")
        email, number = f"{local}@{domain}", 2
        while email in self.emails:
            email, number = f"{local}{number}@{domain}", number + 1
        return email

    def new(self) -> dict[str, str]:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        shape = _pick(rng, NAME_SHAPES)
        member = {
            "email": self._unique_email(first, last, rng.choice(CITY_DOMAINS)),
            "name": shape.format(d=rng.choice(DEPARTMENTS), t=rng.choice(TITLES)),
            "role": rng.choices(ROLES, ROLE_WEIGHTS)[0],
            "handle": self._unique_handle(first, last),
            "timezone": rng.choices(list(TIMEZONES), TIMEZONE_WEIGHTS)[0],
            "locale": "en",
            "first_name": first,
            "last_name": last,
        }
        self.emails.add(member["email"])
        self.handles.add(member["handle"])
        self.earlier.append(member)
        return member


def _spoil(member: dict[str, str], kind: str, members: _Members) -> None:
    """Apply one admin mistake of the given kind to a valid member, in place."""
    rng = members.rng
    zone = member["timezone"]
    if kind == "timezone_no_space":
        # Only the "(US & Canada)" zones can lose the space before the parenthesis.
        if "(" not in zone:
            zone = "Central Time (US & Canada)"
        member["timezone"] = zone.replace(" (", "(")
    elif kind == "timezone_gmt_prefix":
        member["timezone"] = f"(GMT{TIMEZONES[zone][1]}) {zone}"
    elif kind == "timezone_iana":
        member["timezone"] = TIMEZONES[zone][0]
    elif kind == "role_capitals":
        role = member["role"]
        member["role"] = role.upper() if rng.random() < 0.3 else role.title()
    elif kind == "role_trailing_space":
        member["role"] += " "
    elif kind == "handle_dots_capitals":
        member["handle"] = f"{member['first_name']}.{member['last_name']}"
    elif kind == "handle_too_long":
        first, last = member["first_name"].lower(), member["last_name"].lower()
        handle = f"{first}_{last}"
        if len(handle) <= HANDLE_MAX:
            handle = f"{first}_{last}_{member['name'].split()[0].lower()}"
        if len(handle) <= HANDLE_MAX:
            handle = f"{first}_{last}_publicworks"
        member["handle"] = handle
    elif kind == "name_spaces":
        column = rng.choice(["name", "first_name", "last_name"])
        member[column] = rng.choice([" {}", "{} ", "  {}  "]).format(member[column])
    elif kind == "name_nbsp":
        column = rng.choice(["name", "first_name", "last_name"])
        member[column] = rng.choice(["{}\u00a0", "\u00a0{}"]).format(member[column])
    elif kind == "email_invalid":
        local, domain = member["email"].split("@")
        member["email"] = rng.choice([
            f"{local}@{domain.removesuffix('.gov')}.",
            f"{local.replace('.', ' ')}@{domain}",
            f"{local}@@{domain}",
            f"{local}.{domain}",
            f"{local}@{domain},",
            f"<{local}@{domain}>",
        ])
    elif kind == "email_duplicate":
        earlier = members.earlier[rng.randrange(len(members.earlier) - 1)]["email"]
        member["email"] = earlier.title() if rng.random() < 0.5 else earlier.upper()
    elif kind == "handle_duplicate":
        member["handle"] = members.earlier[rng.randrange(len(members.earlier) - 1)]["handle"]
    elif kind == "locale_variant":
        member["locale"] = rng.choice(["EN", "en-US", "en_US", "En"])
    elif kind == "locale_empty":
        member["locale"] = ""
    elif kind == "required_empty":
        member[rng.choice(HEADER)] = ""
    elif kind == "formula":
        member["name"] = rng.choice([
            f"={member['name']}",
            f'=HYPERLINK("https://intranet/{member["handle"]}","{member["name"]}")',
        ])
    else:
        raise ValueError(f"unknown problem kind {kind!r}")


def members_csv(
    rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, problem_rate: float = PROBLEM_RATE
) -> tuple[bytes, Counter[str]]:
    """Return (the CSV as UTF-8 bytes with CRLF line ends, count of rows per problem kind)."""
    rng = random.Random(seed)
    members = _Members(rng)
    kinds = list(PROBLEM_KINDS.items())
    problems: Counter[str] = Counter()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for index in range(rows):
        member = members.new()
        # Duplicates need an earlier row to copy from.
        if index > 10 and rng.random() < problem_rate:
            kind = _pick(rng, kinds)
            _spoil(member, kind, members)
            problems[kind] += 1
        writer.writerow([member[column] for column in HEADER])
    return out.getvalue().encode("utf-8"), problems


def members_file(
    rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, directory: Path = DATA_DIR
) -> Path:
    """Return the path of the generated file, generating it first if it is not there yet."""
    path = directory / f"members-{rows}-seed{seed}-v{GENERATOR_VERSION}.csv"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        data, _ = members_csv(rows, seed)
        partial = path.with_suffix(".tmp")
        partial.write_bytes(data)
        partial.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="write here instead of bench/data/ (always regenerates)")
    args = parser.parse_args()
    if args.out:
        data, problems = members_csv(args.rows, args.seed)
        args.out.write_bytes(data)
        path = args.out
    else:
        path = members_file(args.rows, args.seed)
        problems = members_csv(args.rows, args.seed)[1]
    total = sum(problems.values())
    print(f"{path}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, "
          f"{total:,} rows with a problem ({total / args.rows:.1%})")
    for kind, count in problems.most_common():
        print(f"  {kind:<22} {count:>6,}")


if __name__ == "__main__":
    main()
