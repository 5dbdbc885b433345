#include "app/corpus_words.h"

namespace helmarr::app::corpus_words {

namespace {

using sv = std::string_view;

constexpr sv kNouns[] = {
    "Harbor", "Kingdom", "Shadow", "Night", "Light", "Fire", "Stone", "Heart", "Storm", "Crown", "Garden",
    "Empire", "House", "Road", "City", "Island", "Ocean", "Mountain", "Forest", "Winter", "Summer", "Star",
    "Moon", "Sun", "Sky", "Blood", "Bone", "Iron", "Silver", "Gold", "Glass", "Dream", "Ghost", "Hunter",
    "Killer", "King", "Queen", "Prince", "Princess", "Soldier", "Doctor", "Detective", "Lawyer", "Nurse",
    "Teacher", "Family", "Brother", "Sister", "Daughter", "Son", "Father", "Mother", "Wife", "Husband",
    "Friend", "Stranger", "Angel", "Devil", "Demon", "Witch", "Wolf", "Dragon", "Tiger", "Lion", "Eagle",
    "Raven", "Fox", "Bear", "Horse", "Snake", "Spider", "Bird", "Whale", "Shark", "Machine", "Robot",
    "Engine", "Signal", "Code", "Game", "War", "Peace", "Battle", "Honor", "Glory", "Secret", "Lie", "Truth",
    "Promise", "Memory", "Mirror", "Window", "Door", "Bridge", "Tower", "Castle", "Prison", "Hospital",
    "Station", "School", "College", "Office", "Hotel", "Kitchen", "Farm", "Ranch", "Valley", "Desert",
    "Jungle", "Canyon", "Lake", "Creek", "Coast", "Bay", "Ship", "Boat", "Train", "Plane", "Truck",
    "Highway", "Street", "Avenue", "District", "Border", "Frontier", "Colony", "Planet", "Galaxy", "Orbit",
    "Comet", "Rocket", "Voyage", "Journey", "Quest", "Mission", "Heist", "Escape", "Chase", "Hunt", "Trial",
    "Verdict", "Justice", "Crime", "Murder", "Mystery", "Puzzle", "Riddle", "Legend", "Myth", "Saga",
    "Chronicle", "Tale", "Story", "Song", "Dance", "Music", "Rhythm", "Echo", "Silence", "Thunder",
    "Lightning", "Rain", "Snow", "Ice", "Frost", "Flame", "Ash", "Smoke", "Dust", "Sand", "Wind", "Wave",
    "Tide", "River", "Spring", "Autumn", "Dawn", "Dusk", "Midnight", "Morning", "Evening", "Tomorrow",
    "Yesterday", "Today", "Future", "Past", "Time", "Clock", "Hour", "Minute", "Moment", "Forever", "Life",
    "Death", "Soul", "Spirit", "Mind", "Body", "Hand", "Eye", "Face", "Voice", "Name", "Word", "Letter",
    "Book", "Page", "Map", "Key", "Lock", "Box", "Ring", "Sword", "Shield", "Arrow", "Bullet", "Gun",
    "Badge", "Money", "Diamond", "Pearl", "Rose", "Lily", "Orchid", "Oak", "Pine", "Willow", "Apple",
    "Cherry", "Honey", "Sugar", "Salt", "Pepper", "Wine", "Whiskey", "Coffee", "Paradise", "Heaven", "Hell",
    "Haven", "Sanctuary", "Refuge", "Outpost", "Camp", "Base", "Bunker", "Vault", "Cellar", "Attic", "Roof",
    "Wall", "Gate", "Fence", "Field", "Meadow", "Hill", "Cliff", "Cave", "Tunnel", "Mine", "Quarry",
    "Factory", "Market", "Bazaar", "Circus", "Carnival", "Theater", "Museum", "Library", "Chapel",
    "Temple", "Palace", "Manor", "Cabin", "Cottage", "Village", "Town", "Metro", "Precinct", "Squad",
    "Unit", "Crew", "Gang", "Club", "League", "Team", "Legion", "Army", "Navy", "Fleet", "Pilot", "Captain",
    "Sheriff", "Marshal", "Ranger", "Agent", "Spy", "Thief", "Rogue", "Outlaw", "Bandit", "Pirate", "Knight",
    "Wizard", "Monk", "Priest", "Saint", "Sinner", "Orphan", "Widow", "Heir", "Twin", "Giant", "Dwarf",
    "Titan", "Monster", "Beast", "Creature", "Alien", "Android", "Clone", "Mutant", "Zombie", "Vampire",
    "Werewolf", "Phantom", "Specter", "Wraith", "Oracle", "Prophet", "Rebel", "Hero", "Villain", "Champion",
    "Rookie", "Veteran", "Boss", "Chief", "Mayor", "Senator", "President", "Judge", "Witness", "Suspect",
    "Victim", "Survivor", "Drifter", "Nomad", "Pioneer", "Settler", "Sailor", "Miner", "Farmer", "Baker",
    "Butcher", "Chef", "Painter", "Poet", "Writer", "Singer", "Dancer", "Actor", "Clown", "Magician",
    "Gambler", "Dealer", "Broker", "Banker", "Tycoon", "Heiress", "Bride", "Groom", "Neighbor", "Roommate",
    "Partner", "Rival", "Enemy", "Ally", "Lover", "Darling", "Sweetheart", "Baby", "Child", "Kid", "Boy",
    "Girl", "Man", "Woman", "People", "Nation", "World", "Earth", "Universe", "Dimension", "Realm", "Land",
    "Kingdoms", "Wars", "Games", "Lies", "Secrets", "Dreams", "Ghosts", "Hunters", "Thieves", "Wolves",
    "Ravens", "Stars", "Shadows", "Lights", "Bones", "Stones", "Roads", "Rivers", "Waters", "Sins", "Tears",
    "Scars", "Wings", "Claws", "Fangs", "Flowers", "Seeds", "Roots", "Branches", "Leaves", "Storms",
};

constexpr sv kAdjectives[] = {
    "Dark", "Last", "Lost", "Silent", "Broken", "Hidden", "Wild", "Golden", "Black", "White", "Red", "Blue",
    "Green", "Crimson", "Frozen", "Burning", "Endless", "Little", "Big", "Great", "Young", "Old", "New",
    "Cold", "Hot", "Deep", "High", "Long", "Strange", "Perfect", "Quiet", "Bitter", "Sweet", "Brave",
    "Cruel", "Gentle", "Fallen", "Rising", "Savage", "Sacred", "Holy", "Wicked", "Lucky", "Lonely", "Happy",
    "Mad", "True", "First", "Second", "Northern", "Southern", "Eastern", "Western", "Royal", "Ancient",
    "Modern", "Electric", "Atomic", "Cosmic", "Hollow", "Empty", "Sharp", "Soft", "Hard", "Heavy", "Bright",
    "Pale", "Scarlet", "Violet", "Amber", "Emerald", "Ivory", "Velvet", "Copper", "Rusty", "Dusty",
    "Stormy", "Sunny", "Misty", "Foggy", "Rainy", "Snowy", "Icy", "Fiery", "Stolen", "Forgotten",
    "Forbidden", "Cursed", "Blessed", "Haunted", "Wanted", "Missing", "Deadly", "Dangerous", "Reckless",
    "Restless", "Fearless", "Nameless", "Faceless", "Shameless", "Heartless", "Infinite", "Eternal",
    "Mortal", "Immortal", "Divine", "Brutal", "Bloody", "Clean", "Pure", "Rich", "Poor", "Fast",
    "Slow", "Tiny", "Huge", "Grand", "Noble", "Humble", "Proud", "Secret", "Public", "Wonderful",
    "Beautiful", "Terrible", "Horrible", "Magnificent", "Glorious", "Mighty", "Gilded", "Hungry", "Thirsty",
    "Crazy", "Wonderous", "Midnight", "Radiant", "Shining", "Fading", "Distant", "Near", "Outer", "Inner",
};

constexpr sv kGerunds[] = {
    "Running", "Falling", "Breaking", "Chasing", "Hunting", "Waiting", "Becoming", "Killing", "Loving",
    "Dancing", "Flying", "Saving", "Finding", "Leaving", "Crossing", "Returning", "Burning", "Rising",
    "Hiding", "Seeking", "Fighting", "Dreaming", "Living", "Dying", "Raising", "Keeping", "Losing",
    "Winning", "Stealing", "Watching", "Drowning", "Building", "Walking", "Riding", "Driving", "Sailing",
};

constexpr sv kSmallWords[] = {"of", "and", "in", "on", "at", "to", "from", "with", "for", "under",
                              "beyond", "without", "after", "before", "into", "over", "against", "a"};

constexpr sv kAccented[] = {"Café", "Señor", "Niño", "Über", "Mañana", "Déjà", "Fiancé", "Naïve", "Crème",
                            "Résumé", "Élan", "Façade", "Piñata", "Smörgås", "Björk", "Zoë",
                            "Málaga", "Señorita", "Doña"};

constexpr sv kFirstNames[] = {
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Margaret", "Steven", "Sandra",
    "Paul", "Ashley", "Andrew", "Kimberly", "Joshua", "Emily", "Kenneth", "Donna", "Kevin", "Michelle",
    "Brian", "Carol", "George", "Amanda", "Timothy", "Melissa", "Ronald", "Deborah", "Edward", "Stephanie",
    "Jason", "Rebecca", "Jeffrey", "Laura", "Ryan", "Sharon", "Jacob", "Cynthia", "Gary", "Kathleen",
    "Nicholas", "Amy", "Eric", "Angela", "Jonathan", "Shirley", "Stephen", "Anna", "Larry", "Brenda",
    "Justin", "Pamela", "Scott", "Emma", "Brandon", "Nicole", "Benjamin", "Helen", "Samuel", "Samantha",
    "Gregory", "Katherine", "Alexander", "Christine", "Frank", "Debra", "Patrick", "Rachel", "Raymond",
    "Carolyn", "Jack", "Janet", "Dennis", "Catherine", "Jerry", "Maria", "Tyler", "Heather", "Aaron",
    "Diane", "Jose", "Ruth", "Adam", "Julie", "Nathan", "Olivia", "Henry", "Joyce", "Douglas", "Virginia",
    "Zachary", "Victoria", "Peter", "Kelly", "Kyle", "Lauren", "Noah", "Christina", "Ethan", "Joan",
    "Jeremy", "Evelyn", "Walter", "Judith", "Christian", "Megan", "Keith", "Andrea", "Roger", "Cheryl",
    "Terry", "Hannah", "Austin", "Jacqueline", "Sean", "Martha", "Gerald", "Gloria", "Carl", "Teresa",
    "Harold", "Sara", "Dylan", "Janice", "Arthur", "Marie", "Lawrence", "Julia", "Jordan", "Grace",
    "Jesse", "Judy", "Bryan", "Theresa", "Billy", "Madison", "Bruce", "Beverly", "Gabriel", "Denise",
    "Joe", "Marilyn", "Logan", "Amber", "Alan", "Danielle", "Juan", "Rose", "Wayne", "Brittany", "Elijah",
    "Diana", "Randy", "Abigail", "Roy", "Natalie", "Vincent", "Jane", "Ralph", "Lori", "Eugene", "Alexis",
    "Russell", "Tiffany", "Bobby", "Kayla", "Mason", "Marco", "Sofia", "Lukas", "Mila", "Hiro", "Yuki",
    "Anya", "Dmitri", "Ingrid", "Lars", "Pierre", "Amelie", "Luca", "Giulia", "Mateo", "Lucia",
};

constexpr sv kSurnames[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams",
    "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips",
    "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris",
    "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey",
    "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez",
    "Wood", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders",
    "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell",
    "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Gonzales", "Fisher", "Vasquez",
    "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin",
    "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina",
    "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez",
    "McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb",
    "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez",
    "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner",
    "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills", "Meyer", "Rice",
    "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto", "Weaver", "Ryan", "Gardner",
    "Payne", "Grant", "Dunn", "Kowalski", "Novak", "Larsen", "Dubois", "Rossi", "Tanaka", "Sato", "Ivanov",
    "Müller", "Schneider", "Lindqvist", "Moreau", "Bianchi", "Yamamoto", "Okafor", "Haddad", "Kaur",
};

constexpr sv kOnsets[] = {"B", "Br", "C", "Ch", "D", "Dr", "F", "G", "Gr", "H", "J", "K", "Kr", "L", "M",
                          "N", "P", "R", "S", "Sh", "St", "T", "Th", "Tr", "V", "W", "Z", "El", "Al",
                          "Or", "Ar", "Is", "Qu", "Bl", "Fl", "Gl", "Sk", "Sl", "Sn", "Y"};
constexpr sv kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "ae", "ia", "io", "ei", "oa"};
constexpr sv kCodas[] = {"",  "n", "r",  "l",  "s",  "th", "nd", "rk", "m",   "x",  "ck", "st",
                         "rn", "lt", "sh", "v", "nt", "ll", "ss", "rd", "ven", "mar", "dor", "wyn"};

constexpr sv kSceneTvGroups[] = {
    "LOL", "DIMENSION", "KILLERS", "FLEET", "MiNX", "BATV", "CAKES", "AVS", "SVA", "TBS", "FQM", "KOGi",
    "ASAP", "IMMERSE", "W4F", "SKGTV", "RiVER", "ORGANiC", "FoV", "CRiMSON", "ALTEREGO", "TRUMP",
    "GOSSIP", "ELiTE", "PHOENiX", "NTG", "GGEZ", "SYNCOPY", "EDITH", "TEPES", "NOGRP", "KiNGS", "ETHEL",
    "SMURF", "APEX", "BAE", "DEFLATE", "TERMiNAL", "JFF", "MeGusta", "GalaxyTV", "ION10", "SuccessfulCrab",
    "TrollHD", "SiGMA", "PSA", "FENiX", "STRiFE", "GLHF", "CBFM", "HYGGE", "POKE", "LAZY", "RBB",
};

constexpr sv kP2pGroups[] = {"NTb", "FLUX", "CMRG", "TOMMY", "KiMCHI", "playWEB", "NOSiViD", "HONE",
                             "RAWR", "MZABI", "BTN", "ViSUM", "TEPES", "BLUTONiUM", "GNOME", "DBTV",
                             "HHWEB", "LAZYCUNTS", "PECULATE", "XEBEC", "CasStudio", "monkee", "Cinefeel",
                             "TVSmash", "NPMS", "SiC", "KHN", "Kitsune", "AJP69", "SPiRiT"};

constexpr sv kMovieGroups[] = {
    "SPARKS", "AMIABLE", "GECKOS", "DRONES", "ROVERS", "FGT", "YTS", "RARBG", "EVO", "CMRG", "FLUX",
    "SWTYBLZ", "FraMeSToR", "EPSiLON", "TRiToN", "BHDStudio", "playHD", "CtrlHD", "DON", "EbP", "HiFi",
    "ZQ", "TayTO", "SURCODE", "HDMaNiAcS", "iFT", "decibeL", "WiKi", "CHD", "HiDt", "NCmt", "W4NK3R",
    "BLOW", "VETO", "KiNGDOM", "ROCKETRACCOON", "TERMiNAL", "SADPANDA", "PTer", "HQMUX", "BiTOR", "GalaxyRG",
    "ION10", "PSA", "Tigole", "QxR", "TAoE", "UTR", "SAMPA", "Chotab", "LEGi0N", "MkvCage", "Pahe",
};

constexpr sv kAnimeGroups[] = {"SubsPlease", "Erai-raws", "HorribleSubs", "Judas", "EMBER", "ASW",
                               "Anime Time", "Commie", "Coalgirls", "Kametsu", "SSA", "Tsundere-Raws",
                               "Yameii", "ToonsHub", "DKB", "Moozzi2", "LostYears", "Cleo", "Golumpa",
                               "neoHEVC", "Beatrice-Raws", "YuiSubs", "Kawaiika-Raws", "GJM", "Doki"};

constexpr sv kGermanGroups[] = {"WAYNE", "SAUERKRAUT", "ZZGtv", "DETAiLS", "TSCC", "4SJ", "EXCiTED",
                                "RWP", "JaJunge", "VECTOR", "iNTENTiON", "HDC", "muhHD", "QfG", "EXQUiSiTE"};

constexpr sv kFrenchGroups[] = {"EXTREME", "FRATERNiTY", "SUPPLY", "SERQPH", "BONBON", "ARK01", "EMPIRE",
                                "LiBERTAD", "QTZ", "NoTag", "FUNKKY", "TFA", "HUSH", "ZEST", "BOUCHON"};

constexpr sv kMusicGroups[] = {"PMEDIA", "ENRiCH", "FLACME", "DGN", "MOD", "WEB", "BF", "JLM", "C4",
                               "TOTAL", "SPANK", "YARD", "HB", "NOiR", "GRAVEWISH"};

constexpr sv kGameGroups[] = {"CODEX", "RUNE", "TENOKE", "SKIDROW", "PLAZA", "FLT", "DOGE", "EMPRESS",
                              "TiNYiSO", "DARKSiDERS", "SiMPLEX", "RAZOR1911", "HOODLUM", "CPY", "GOG"};

constexpr sv kSoftwareGroups[] = {"TNT", "XFORCE", "CRD", "BTCR", "AMPED", "SSQ", "F4CG", "CORE", "LAXiTY",
                                  "DVT", "MPT", "TBE", "KaiZer", "K", "RePack"};

constexpr sv kStreaming[] = {"AMZN", "NF", "DSNP", "HMAX", "ATVP", "HULU", "PCOK", "PMTP", "iT", "MAX",
                             "STAN", "CRAV", "SHO", "ROKU"};

constexpr sv kUnknownNames[] = {
    "New folder", "Backup", "DCIM", "Photos", "Documents", "Scans", "Downloads", "Desktop", "Camera Roll",
    "WhatsApp Images", "Screenshots", "Wallpapers", "Fonts Collection", "Sample Pack", "Textures",
    "Brushes", "Icons", "Presets", "Templates", "Sound Effects", "Stock Footage", "Course", "Tutorial",
    "Lecture Notes", "Thesis", "Project Files", "Archive", "Misc", "Stuff", "Various",
    "Сборник", "Коллекция", "新しいフォルダー", "资料", "모음", "Σύνολο", "Colección", "Sammlung",
};

template <std::size_t N>
std::span<const std::string_view> all(const sv (&a)[N]) {
  return {a, N};
}

}  // namespace

std::span<const std::string_view> nouns() { return all(kNouns); }
std::span<const std::string_view> adjectives() { return all(kAdjectives); }
std::span<const std::string_view> gerunds() { return all(kGerunds); }
std::span<const std::string_view> small_words() { return all(kSmallWords); }
std::span<const std::string_view> accented() { return all(kAccented); }
std::span<const std::string_view> first_names() { return all(kFirstNames); }
std::span<const std::string_view> surnames() { return all(kSurnames); }
std::span<const std::string_view> onsets() { return all(kOnsets); }
std::span<const std::string_view> vowels() { return all(kVowels); }
std::span<const std::string_view> codas() { return all(kCodas); }
std::span<const std::string_view> scene_tv_groups() { return all(kSceneTvGroups); }
std::span<const std::string_view> p2p_groups() { return all(kP2pGroups); }
std::span<const std::string_view> movie_groups() { return all(kMovieGroups); }
std::span<const std::string_view> anime_groups() { return all(kAnimeGroups); }
std::span<const std::string_view> german_groups() { return all(kGermanGroups); }
std::span<const std::string_view> french_groups() { return all(kFrenchGroups); }
std::span<const std::string_view> music_groups() { return all(kMusicGroups); }
std::span<const std::string_view> game_groups() { return all(kGameGroups); }
std::span<const std::string_view> software_groups() { return all(kSoftwareGroups); }
std::span<const std::string_view> streaming_services() { return all(kStreaming); }
std::span<const std::string_view> unknown_names() { return all(kUnknownNames); }

}  // namespace helmarr::app::corpus_words
