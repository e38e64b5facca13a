package benchfeed

// The vocabularies below are fixed data, not state: the generator only reads
// them. They are broad enough that titles, slugs and paragraphs look like a
// blogroll's worth of writing rather than one repeated sentence, which keeps
// compression ratios, tokenisers and content hashes honest.

var firstNames = [...]string{
	"Ada", "Amara", "Ana", "Andrei", "Aroha", "Ben", "Bilal", "Carmen", "Chen", "Chiara",
	"Dana", "Dmitri", "Elena", "Emeka", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines",
	"Ivan", "Jamal", "Jia", "Joann", "Jonas", "Kai", "Kofi", "Lars", "Leila", "Lin",
	"Lucia", "Malik", "Maria", "Mateo", "Mei", "Nadia", "Nikhil", "Noor", "Olga", "Omar",
	"Pablo", "Priya", "Rainer", "Rosa", "Roderic", "Sami", "Sara", "Sofia", "Tariq", "Tomas",
	"Uma", "Vera", "Wei", "Yara", "Yusuf", "Zhang", "Zoe",
}

var lastNames = [...]string{
	"Abara", "Almeida", "Baker", "Berg", "Castro", "Chowdhury", "Costa", "Day", "Dubois", "Eriksen",
	"Fischer", "Garcia", "Haddad", "Hughes", "Ibrahim", "Ivanova", "Jensen", "Kaur", "Kim", "Kowalski",
	"Li", "Lopez", "Mensah", "Moreau", "Nakamura", "Novak", "Okafor", "Oliveira", "Park", "Petrov",
	"Pittman", "Quispe", "Rahman", "Rossi", "Santos", "Schmidt", "Shea", "Silva", "Tanaka", "Torres",
	"Umarov", "Varga", "Wang", "Weber", "Xu", "Yilmaz", "Zhou",
}

var siteWords = [...]string{
	"amber", "archive", "atlas", "beacon", "brook", "cedar", "circuit", "commons", "compass", "current",
	"delta", "dispatch", "ember", "field", "forge", "harbor", "horizon", "junction", "ledger", "lantern",
	"meridian", "mill", "notes", "orchard", "outpost", "parallax", "quarry", "relay", "ridge", "river",
	"signal", "sketch", "spindle", "static", "summit", "tangent", "thicket", "tide", "vector", "willow",
}

var tlds = [...]string{"example", "example.com", "example.net", "example.org"}

var nouns = [...]string{
	"algorithm", "archive", "argument", "audience", "bandwidth", "border", "budget", "cache", "campaign", "city",
	"climate", "code", "community", "compiler", "contract", "council", "crisis", "culture", "database", "debate",
	"decade", "democracy", "design", "economy", "editor", "election", "energy", "factory", "farm", "feed",
	"festival", "garden", "generation", "grid", "harvest", "history", "household", "index", "industry", "interface",
	"kernel", "kitchen", "labour", "language", "ledger", "library", "market", "memory", "method", "movement",
	"museum", "network", "newsroom", "novel", "office", "pattern", "platform", "policy", "port", "protocol",
	"railway", "reader", "recipe", "reform", "region", "report", "river", "school", "schema", "science",
	"season", "server", "signal", "society", "software", "standard", "strike", "studio", "supply", "system",
	"teacher", "theory", "tool", "trade", "tradition", "union", "village", "voice", "wage", "workshop",
}

var adjectives = [...]string{
	"accidental", "ancient", "anxious", "bold", "brittle", "careful", "cheap", "collective", "common", "complex",
	"curious", "distant", "durable", "early", "everyday", "fragile", "free", "global", "gradual", "hidden",
	"honest", "invisible", "late", "local", "long", "minimal", "modern", "narrow", "new", "obvious",
	"open", "ordinary", "patient", "plain", "practical", "public", "quiet", "radical", "rapid", "rural",
	"shared", "simple", "slow", "small", "strange", "strong", "uneven", "unfinished", "urban", "useful",
}

var verbs = [...]string{
	"breaks", "builds", "carries", "changes", "collects", "connects", "costs", "creates", "defines", "depends on",
	"describes", "divides", "explains", "feeds", "follows", "forgets", "grows", "hides", "holds", "improves",
	"joins", "keeps", "leaves", "limits", "measures", "misses", "moves", "needs", "opens", "organises",
	"outlives", "produces", "protects", "reaches", "reflects", "replaces", "reveals", "shapes", "shares", "supports",
	"survives", "teaches", "tests", "transforms", "turns into", "undermines", "unites", "uses", "weakens", "writes",
}

var adverbs = [...]string{
	"again", "already", "barely", "carefully", "clearly", "constantly", "eventually", "finally", "gradually", "hardly",
	"largely", "mostly", "naturally", "often", "quietly", "rarely", "really", "slowly", "steadily", "still",
}

var connectives = [...]string{
	"Meanwhile", "In practice", "Of course", "Still", "At the same time", "For a while", "Put differently",
	"In the end", "Even so", "Historically", "Later", "Back then", "Today", "For most readers", "Either way",
}

var titleTemplates = [...]string{
	"The %A %N and the %N",
	"Why the %N %V the %N",
	"Notes on %A %M",
	"How %a %N %V the %N",
	"What the %N taught us about %M",
	"%A %M, %A %M",
	"On %M and %M",
	"%a history of the %N",
	"Against the %A %N",
	"The %N question, revisited",
	"Reading the %N: %A lessons",
	"When the %N %V",
	"Ten years of %A %M",
	"Inside the %A %N",
	"Who %V the %N?",
}

var tags = [...]string{
	"analysis", "archives", "books", "china", "climate", "culture", "economics", "education", "energy", "essays",
	"film", "food", "history", "infrastructure", "interviews", "labour", "links", "media", "music", "news",
	"open-source", "philosophy", "photography", "politics", "programming", "reviews", "science", "security",
	"technology", "theory", "travel", "urbanism", "weekly", "writing",
}

var linkHosts = [...]string{
	"en.wikipedia.example", "archive.example.org", "news.example.com", "journal.example.net", "data.example.org",
	"docs.example.com", "video.example.net", "maps.example.org", "papers.example.com", "forum.example.net",
}

var closingLines = [...]string{
	"This post first appeared on %S.",
	"Cross-posted from %S.",
	"Originally published at %S. Comments are open there.",
	"If you liked this, you can subscribe to %S by e-mail.",
}
