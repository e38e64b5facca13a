package dates

// monthNames covers English plus the abbreviations and names most often
// seen in French, German, Spanish, Italian, Dutch, Portuguese, Hungarian and
// Greek feeds (lower case; Greek with and without its accents, and in the
// genitive that Greek dates use).
var monthNames = map[string]int{
	"jan": 1, "january": 1, "janv": 1, "janvier": 1, "januar": 1, "jänner": 1, "enero": 1, "ene": 1, "gennaio": 1, "gen": 1, "januari": 1, "janeiro": 1,
	"feb": 2, "february": 2, "févr": 2, "fevr": 2, "février": 2, "fevrier": 2, "februar": 2, "febrero": 2, "febbraio": 2, "februari": 2, "fev": 2, "fevereiro": 2,
	"mar": 3, "march": 3, "mars": 3, "märz": 3, "mär": 3, "marzo": 3, "maart": 3, "mrt": 3, "março": 3,
	"apr": 4, "april": 4, "avr": 4, "avril": 4, "abr": 4, "abril": 4, "aprile": 4,
	"may": 5, "mai": 5, "mayo": 5, "maggio": 5, "mag": 5, "mei": 5, "maio": 5,
	"jun": 6, "june": 6, "juin": 6, "juni": 6, "junio": 6, "giugno": 6, "giu": 6, "junho": 6,
	"jul": 7, "july": 7, "juil": 7, "juillet": 7, "juli": 7, "julio": 7, "luglio": 7, "lug": 7, "julho": 7,
	"aug": 8, "august": 8, "août": 8, "aout": 8, "agosto": 8, "ago": 8, "augustus": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "settembre": 9, "set": 9, "setembro": 9,
	"oct": 10, "october": 10, "octobre": 10, "okt": 10, "oktober": 10, "octubre": 10, "ottobre": 10, "ott": 10, "out": 10, "outubro": 10,
	"nov": 11, "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
	"dec": 12, "december": 12, "déc": 12, "décembre": 12, "decembre": 12, "dez": 12, "dezember": 12, "diciembre": 12, "dic": 12, "dicembre": 12, "dezembro": 12,

	// Hungarian (the "2004-július-13" form and "2004. július 13.").
	"január": 1, "február": 2, "febr": 2, "március": 3, "márc": 3, "április": 4, "ápr": 4,
	"május": 5, "máj": 5, "június": 6, "jún": 6, "július": 7, "júl": 7, "augusztus": 8,
	"szeptember": 9, "szept": 9, "október": 10,

	// Greek: abbreviations as feeds print them, then full genitive names.
	"ιαν": 1, "φεβ": 2, "μάρ": 3, "μαρ": 3, "μάώ": 3, "μαώ": 3, "απρ": 4,
	"μάι": 5, "μαϊ": 5, "μαι": 5, "μάιος": 5, "ιούν": 6, "ιουν": 6, "ιον": 6, "ιούλ": 7, "ιουλ": 7, "ιολ": 7,
	"αύγ": 8, "αυγ": 8, "σεπ": 9, "οκτ": 10, "νοέ": 11, "νοε": 11, "δεκ": 12,
	"ιανουαρίου": 1, "φεβρουαρίου": 2, "μαρτίου": 3, "απριλίου": 4, "μαΐου": 5, "ιουνίου": 6,
	"ιουλίου": 7, "αυγούστου": 8, "σεπτεμβρίου": 9, "οκτωβρίου": 10, "νοεμβρίου": 11, "δεκεμβρίου": 12,
}

var weekdayNames = map[string]bool{
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"lun": true, "mer": true, "jeu": true, "ven": true, "sam": true, "dim": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"mo": true, "di": true, "mi": true, "do": true, "fr": true, "sa": true, "so": true,
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true, "sonntag": true,
	"lunes": true, "martes": true, "miércoles": true, "jueves": true, "viernes": true, "sábado": true, "domingo": true,
	// Hungarian.
	"hétfő": true, "kedd": true, "szerda": true, "csütörtök": true, "péntek": true, "szombat": true, "vasárnap": true,
	// Greek, abbreviated and in full.
	"κυρ": true, "δευ": true, "τρι": true, "τετ": true, "πεμ": true, "πέμ": true, "παρ": true, "σαβ": true, "σάβ": true,
	"κυριακή": true, "δευτέρα": true, "τρίτη": true, "τετάρτη": true, "πέμπτη": true, "παρασκευή": true, "σάββατο": true,
}

// fillerWords appear between date parts in prose-like dates ("28 de
// febrero de 2025", "Feb 28, 2025 at 10:00").
var fillerWords = map[string]bool{"at": true, "on": true, "of": true, "de": true, "um": true, "le": true, "the": true}

// koreanMarkers are the year, month and day suffixes of Korean dates
// ("2004년 05월 28일").
var koreanMarkers = map[string]bool{"년": true, "월": true, "일": true}

// cjkMarkers are the year, month and day suffixes of Chinese and Japanese
// dates ("2004年12月31日").
var cjkMarkers = map[string]bool{"年": true, "月": true, "日": true}
