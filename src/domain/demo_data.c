/*
 * demo_data.c: see demo_data.h.
 *
 * The order of work: organisations; per municipality its suppliers and
 * contracts; the bands that the contracts' realisations aim at; candidates;
 * realisations (valued under the policy); openings; last the candidates'
 * statuses. Each step draws from its own random stream.
 *
 * Realism comes from tables: lines of business (sectors) with the words of
 * company names and the occupations of their openings, and contract
 * templates with a real CPV code, a buying department, a labour share and a
 * typical size. Every CPV and ESCO code in the tables is checked against the
 * shipped reference lists before anything is generated.
 */
#include "domain/demo_data.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/months.h"
#include "domain/obligation.h"
#include "domain/target_groups.h"
#include "domain/valuation.h"

/* ---- scales, today ------------------------------------------------------- */

static const char *const scale_names[] = {"small", "medium", "national"};

bool demo_scale_from_name(const char *name, enum demo_scale *out)
{
	for (int i = 0; i < 3; i++)
		if (name && strcmp(name, scale_names[i]) == 0) {
			*out = (enum demo_scale)i;
			return true;
		}
	return false;
}

const char *demo_scale_name(enum demo_scale scale)
{
	return scale_names[scale];
}

sr_date demo_today(void) { return date_from_ymd(2026, 11, 28); }

struct scale_size {
	int64_t candidates, openings;
};

static const struct scale_size scale_sizes[] = {
    {2400, 300},     /* small: Haaglanden */
    {40000, 5000},   /* medium: Zuid-Holland */
    {400000, 50000}, /* national */
};

/* Contracts per municipality: a base plus one per this many inhabitants
 * (Den Haag ~141, Delft ~29, Rijswijk ~17). */
#define CONTRACT_BASE 4
#define INHABITANTS_PER_CONTRACT 4000

/* ---- random numbers ------------------------------------------------------ */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void demo_rng_seed(struct demo_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * UINT64_C(0xd1b54a32d192ed03));
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t demo_rng_below(struct demo_rng *r, uint64_t n)
{
	if (n == 0)
		return 0;
	/* Lemire's multiply-and-reject: unbiased, one multiplication. */
	uint64_t x = demo_rng_next(r);
	unsigned __int128 m = (unsigned __int128)x * n;
	uint64_t low = (uint64_t)m;
	if (low < n) {
		uint64_t threshold = -n % n;
		while (low < threshold) {
			x = demo_rng_next(r);
			m = (unsigned __int128)x * n;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

int64_t demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)demo_rng_below(r, (uint64_t)(hi - lo) + 1);
}

bool demo_rng_chance(struct demo_rng *r, int permille)
{
	return (int)demo_rng_below(r, 1000) < permille;
}

static int pick_weighted(struct demo_rng *r, const int *weights, int n)
{
	int64_t total = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	int64_t x = (int64_t)demo_rng_below(r, (uint64_t)total);
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* A uniform day in [from, to]. */
static sr_date pick_date(struct demo_rng *r, sr_date from, sr_date to)
{
	return (sr_date)demo_rng_range(r, from, to);
}

enum stream {
	STREAM_CONTRACTS = 1,
	STREAM_BANDS,
	STREAM_CANDIDATES,
	STREAM_REALISATIONS,
	STREAM_OPENINGS,
	STREAM_KEYS,
};

/* ---- tables: lines of business ------------------------------------------- */

enum sector_id {
	S_BOUW,
	S_INFRA,
	S_INSTALLATIE,
	S_GROEN,
	S_SCHOONMAAK,
	S_AFVAL,
	S_VERVOER,
	S_CATERING,
	S_BEVEILIGING,
	S_ZAKELIJK,
	S_ZORG,
	S_HANDEL,
	S_SOCIAAL, /* social enterprises and sheltered work */
	SECTOR_COUNT
};

#define SECTOR_MAX_ESCO 10

struct sector {
	const char *pre[3];  /* before a name: "Aannemersbedrijf Visser" */
	const char *post[4]; /* after a name: "Visser Bouw" */
	const char *esco[SECTOR_MAX_ESCO]; /* the occupations of its openings */
};

static const struct sector sectors[SECTOR_COUNT] = {
    [S_BOUW] = {{"Bouwbedrijf", "Aannemersbedrijf"},
		{"Bouw", "Bouwgroep", "Bouwbedrijf"},
		{"7112.1", "7115.1", "9313.1", "7131.1", "7119.1", "7121.1",
		 "7123.2", "7122.4", "7119.2", "7114.1"}},
    [S_INFRA] = {{"Wegenbouw", "Grondverzet"},
		 {"Infra", "Grond- en Wegenbouw", "Civiel"},
		 {"9312.1", "9312.1.3", "7126.10", "8332.2", "9313.1", "8343.3",
		  "7114.1"}},
    [S_INSTALLATIE] = {{"Installatiebedrijf", "Elektrotechniek"},
		       {"Installatietechniek", "Installaties",
			"Klimaattechniek"},
		       {"7411.1", "7127.1", "7126.8", "7124.1", "7411.1.4",
			"7212.3"}},
    [S_GROEN] = {{"Hoveniersbedrijf", "Groenbedrijf"},
		 {"Groen", "Groenvoorziening", "Boomverzorging"},
		 {"6113.1", "6113.5", "9214.1", "9214.2", "6113.6", "9613.1"}},
    [S_SCHOONMAAK] = {{"Schoonmaakbedrijf", "Glazenwassersbedrijf"},
		      {"Schoonmaak", "Schoonmaakdiensten", "Facility Services"},
		      {"9112.2", "9111.1", "9123.1", "5151.2", "9122.1"}},
    [S_AFVAL] = {{"Recyclingbedrijf"},
		 {"Reiniging", "Recycling", "Milieudiensten"},
		 {"9611.1", "9612.1", "9612.2", "9613.1", "8332.2", "8344.1"}},
    [S_VERVOER] = {{"Taxibedrijf", "Transportbedrijf"},
		   {"Vervoer", "Logistiek", "Transport"},
		   {"8331.1", "8322.2", "9333.4", "9333.2", "9333.8",
		    "4412.2"}},
    [S_CATERING] = {{"Cateringbedrijf"},
		    {"Catering", "Horeca", "Foodservice"},
		    {"5120.1", "9412.1", "9412.2", "5131.2", "5246.1",
		     "5132.1.1", "4226.1", "5153.1"}},
    [S_BEVEILIGING] = {{"Beveiligingsbedrijf"},
		       {"Beveiliging", "Security", "Toezicht"},
		       {"5414.1", "5414.1.4", "4226.1", "4222.1"}},
    [S_ZAKELIJK] = {{"Adviesbureau", "Drukkerij"},
		    {"ICT", "IT Services", "Consultancy", "Advies"},
		    {"3512.1", "7422.2", "4110.1", "3343.1", "4132.1", "4415.1",
		     "4222.1", "5244.1"}},
    [S_ZORG] = {{"Zorgbureau", "Stichting"},
		{"Zorg", "Welzijn", "Thuiszorg"},
		{"5322.1", "5321.1", "5311.1", "5321.1.1", "4110.1", "5153.1"}},
    [S_HANDEL] = {{"Groothandel", "Handelsonderneming"},
		  {"Groothandel", "Trading", "Supplies"},
		  {"9333.8", "9333.2", "4321.1", "5223.4", "8344.1", "8322.2",
		   "9321.2"}},
    [S_SOCIAAL] = {{NULL},
		   {NULL},
		   {"9329.1", "9321.2", "9112.2", "6113.1", "9412.2", "7234.1",
		    "7522.2", "9612.1", "5230.1"}},
};

/* ---- tables: contract templates ------------------------------------------ */

struct contract_template {
	char kind; /* 'w'orks, 's'ervices, 'u' supplies */
	enum sector_id sector;
	const char *title; /* {place} {compass} {street} {lot} {year} {year2}
			      {year3} */
	const char *department;
	const char *cpv; /* eight digits, checked against the CPV list */
	int labour_lo, labour_hi; /* labour share, percent */
	int value_shift;	  /* sixteenths of a decade */
	int weight;
};

static const struct contract_template templates[] = {
    {'w', S_BOUW, "Nieuwbouw integraal kindcentrum {place} {compass}",
     "Onderwijshuisvesting", "45214200", 30, 45, 7, 3},
    {'w', S_BOUW, "Renovatie sporthal {street}, {place}", "Sport en Vastgoed",
     "45212200", 35, 50, 4, 2},
    {'w', S_BOUW, "Sloop en asbestsanering {street}, {place}", "Vastgoed",
     "45111100", 35, 55, 0, 2},
    {'w', S_BOUW, "Groot onderhoud daken gemeentelijk vastgoed, perceel {lot}",
     "Vastgoed", "45261210", 40, 60, 1, 2},
    {'w', S_BOUW, "Schilderwerk gemeentelijke gebouwen {year}", "Vastgoed",
     "45442100", 55, 75, -2, 2},
    {'w', S_BOUW, "Verbouwing stadskantoor {place}", "Facilitaire Zaken",
     "45262700", 35, 50, 3, 1},
    {'w', S_INFRA, "Herinrichting {street}, {place}", "Stadsbeheer", "45233140",
     22, 45, 3, 4},
    {'w', S_INFRA, "Vervanging riolering {place} {compass}, fase {lot}",
     "Stadsbeheer", "45232410", 25, 40, 4, 4},
    {'w', S_INFRA, "Aanleg fietspad {street}", "Mobiliteit", "45233162", 18, 35,
     1, 2},
    {'w', S_INFRA, "Groot onderhoud asfaltverhardingen {year}", "Stadsbeheer",
     "45233222", 15, 30, 3, 3},
    {'w', S_INFRA, "Vervanging brug {street}", "Stadsbeheer", "45221111", 20,
     35, 5, 1},
    {'w', S_INFRA, "Herstel kademuren {place} {compass}", "Stadsbeheer",
     "45241000", 25, 40, 6, 1},
    {'w', S_INSTALLATIE, "Vervanging openbare verlichting {place} {compass}",
     "Stadsbeheer", "45316110", 30, 45, 1, 2},
    {'w', S_INSTALLATIE,
     "Verduurzaming gemeentelijk vastgoed: isolatie, perceel {lot}",
     "Vastgoed en Duurzaamheid", "45321000", 35, 50, 2, 2},
    {'w', S_INSTALLATIE, "Vervanging klimaatinstallaties stadskantoor {place}",
     "Vastgoed", "45331000", 30, 45, 2, 2},
    {'s', S_SCHOONMAAK,
     "Schoonmaakonderhoud gemeentelijke gebouwen {year}-{year3}",
     "Facilitaire Zaken", "90910000", 75, 90, 2, 4},
    {'s', S_SCHOONMAAK, "Glasbewassing en gevelreiniging {year}-{year2}",
     "Facilitaire Zaken", "90911200", 70, 85, -3, 2},
    {'s', S_SCHOONMAAK, "Kantoorschoonmaak stadskantoor {place}",
     "Facilitaire Zaken", "90919200", 75, 90, -1, 2},
    {'s', S_GROEN, "Groenonderhoud {place} {compass}, {year}-{year2}",
     "Stadsbeheer", "77310000", 60, 80, 1, 4},
    {'s', S_GROEN, "Boomverzorging en snoeiwerk {year}", "Stadsbeheer",
     "77211500", 55, 75, -2, 2},
    {'s', S_GROEN, "Onderhoud speelvoorzieningen {place}", "Stadsbeheer",
     "50870000", 50, 70, -4, 1},
    {'s', S_AFVAL, "Inzameling huishoudelijk afval {place}",
     "Afval en Reiniging", "90511000", 55, 70, 6, 2},
    {'s', S_AFVAL, "Verwerking gft- en restafval {year}-{year3}",
     "Afval en Reiniging", "90513000", 30, 45, 5, 1},
    {'s', S_AFVAL, "Gladheidsbestrijding {year}-{year2}", "Stadsbeheer",
     "90620000", 40, 60, -1, 1},
    {'s', S_AFVAL, "Straatreiniging {place} {compass}", "Afval en Reiniging",
     "90600000", 70, 85, 1, 1},
    {'s', S_VERVOER, "Leerlingenvervoer {year}-{year2}", "Onderwijs",
     "60130000", 60, 75, 4, 3},
    {'s', S_VERVOER, "Wmo-vervoer {place}", "Sociaal Domein", "60130000", 60,
     75, 4, 1},
    {'s', S_VERVOER, "Verhuisdiensten gemeentelijke organisatie",
     "Facilitaire Zaken", "98392000", 65, 80, -5, 1},
    {'s', S_VERVOER, "Postbezorging en koeriersdiensten", "Dienstverlening",
     "64110000", 55, 70, -3, 1},
    {'s', S_CATERING, "Catering personeelsrestaurant stadskantoor",
     "Facilitaire Zaken", "55520000", 55, 70, -1, 2},
    {'s', S_CATERING, "Maaltijdvoorziening Wmo {year}-{year2}",
     "Sociaal Domein", "55320000", 40, 60, -2, 1},
    {'s', S_CATERING, "Conciergediensten scholen {place}", "Onderwijs",
     "98341140", 85, 95, -2, 1},
    {'s', S_BEVEILIGING, "Beveiliging en receptie stadskantoor",
     "Facilitaire Zaken", "79710000", 75, 90, 1, 2},
    {'s', S_BEVEILIGING, "Parkeerbeheer en -handhaving", "Mobiliteit",
     "98351000", 65, 80, 2, 1},
    {'s', S_ZAKELIJK, "ICT-servicedesk en werkplekbeheer",
     "Informatievoorziening", "72253000", 50, 70, 3, 2},
    {'s', S_ZAKELIJK, "Accountantscontrole jaarrekening {year}-{year3}",
     "Financien", "79212000", 80, 90, -2, 1},
    {'s', S_ZAKELIJK, "Drukwerk en printdiensten", "Communicatie", "79810000",
     20, 40, -4, 1},
    {'s', S_ZAKELIJK, "Inhuur tijdelijk personeel, perceel {lot}", "HR",
     "79620000", 85, 95, 4, 2},
    {'s', S_ZAKELIJK, "Advies- en ingenieursdiensten openbare ruimte",
     "Stadsontwikkeling", "71000000", 80, 95, 1, 1},
    {'s', S_ZORG, "Jeugdhulp ambulant, perceel {lot}", "Sociaal Domein",
     "85311300", 80, 90, 6, 2},
    {'s', S_ZORG, "Huishoudelijke ondersteuning Wmo, perceel {lot}",
     "Sociaal Domein", "85312000", 80, 90, 6, 2},
    {'s', S_ZORG, "Re-integratietrajecten Participatiewet", "Werk en Inkomen",
     "79611000", 80, 90, 2, 1},
    {'s', S_ZORG, "Vakopleidingen voor werkzoekenden", "Werk en Inkomen",
     "80530000", 70, 85, -1, 1},
    {'s', S_INSTALLATIE,
     "Onderhoud technische installaties gemeentelijke gebouwen", "Vastgoed",
     "50700000", 55, 70, 2, 2},
    {'s', S_INSTALLATIE,
     "Onderhoud openbare verlichting en verkeersregelinstallaties",
     "Stadsbeheer", "50232000", 50, 65, 2, 1},
    {'u', S_HANDEL, "Levering kantoormeubilair", "Facilitaire Zaken",
     "39130000", 5, 15, -1, 2},
    {'u', S_HANDEL, "Levering laptops en randapparatuur",
     "Informatievoorziening", "30213100", 3, 10, 1, 2},
    {'u', S_HANDEL, "Levering bedrijfskleding", "Stadsbeheer", "18110000", 5,
     15, -3, 1},
    {'u', S_HANDEL, "Levering elektrische dienstvoertuigen", "Stadsbeheer",
     "34144900", 3, 8, 2, 1},
    {'u', S_HANDEL, "Levering elektriciteit {year}-{year2}",
     "Vastgoed en Duurzaamheid", "09310000", 1, 5, 6, 1},
    {'u', S_HANDEL, "Levering strooizout", "Stadsbeheer", "34927100", 3, 8, -3,
     1},
    {'u', S_HANDEL, "Levering kantoorartikelen", "Facilitaire Zaken",
     "30192000", 5, 12, -5, 1},
    {'u', S_HANDEL, "Levering ondergrondse afvalcontainers",
     "Afval en Reiniging", "34928480", 10, 20, 1, 1},
    {'u', S_HANDEL, "Levering straatmeubilair", "Stadsbeheer", "34928400", 5,
     15, -2, 1},
    {'u', S_HANDEL, "Levering schoonmaakmiddelen", "Facilitaire Zaken",
     "39830000", 3, 8, -5, 1},
};
#define TEMPLATE_COUNT (sizeof templates / sizeof templates[0])

/* ---- tables: words ------------------------------------------------------- */

static const char *const families[] = {
    "Jansen",	 "De Vries",	 "Van den Berg", "Bakker",   "Visser",
    "Smit",	 "Meijer",	 "De Boer",	 "Mulder",   "De Groot",
    "Bos",	 "Vos",		 "Peters",	 "Hendriks", "Van Leeuwen",
    "Dekker",	 "Brouwer",	 "De Wit",	 "Dijkstra", "Smits",
    "De Graaf",	 "Van der Meer", "Kok",		 "Jacobs",   "Van Dijk",
    "Verhoeven", "Kuipers",	 "Schouten",	 "Willems",  "Hoekstra",
    "Van Wijk",	 "Koster",	 "Prins",	 "Huisman",  "Post",
    "Kramer",	 "Van Dam",	 "Wolters",	 "Veenstra", "Boersma",
};
#define FAMILY_COUNT (sizeof families / sizeof families[0])

static const char *const generic_words[] = {
    "Hofstad",	 "Duinzicht", "Polderwerk", "Kustlicht",    "Veenland",
    "Zeewind",	 "Lindeboom", "Meander",    "Noorderlicht", "Zonnehof",
    "Waterkant", "Anker",     "Vlinder",    "Kompas",	    "Bolwerk",
    "Regenboog", "Eikenhof",  "Vaart",	    "Singel",	    "Dijkzicht",
};
#define GENERIC_COUNT (sizeof generic_words / sizeof generic_words[0])

static const char *const streets[] = {
    "Hoofdstraat",    "Kerkstraat",	  "Stationsweg",
    "Dorpsstraat",    "Molenweg",	  "Julianalaan",
    "Beatrixlaan",    "Wilhelminastraat", "Parallelweg",
    "Schoolstraat",   "Industrieweg",	  "Kanaalweg",
    "Nieuwstraat",    "Oranjelaan",	  "Marktplein",
    "Sportlaan",      "Havenkade",	  "Spoorsingel",
    "Lindelaan",      "Emmaweg",	  "Prins Hendrikstraat",
    "Rijksstraatweg", "Zuidwal",	  "Noordsingel",
};
#define STREET_COUNT (sizeof streets / sizeof streets[0])

static const char *const compass[] = {"Noord", "Oost", "Zuid", "West",
				      "Centrum"};

static const char *const reject_reasons[] = {
    "Kandidaat valt niet onder een doelgroep van het beleid",
    "Arbeidsovereenkomst ontbreekt in het bewijs",
    "Urenregistratie sluit niet aan op de gemelde uren",
    "Gemelde periode valt buiten de inzet op dit contract",
};
#define REJECT_REASON_COUNT (sizeof reject_reasons / sizeof reject_reasons[0])

/* Letters used in Dutch postcodes (F, I, O, Q, U and Y are not). */
static const char postcode_letters[] = "ABCDEGHJKLMNPRSTVWXZ";

const char *const demo_education_levels[] = {
    "none", "vo", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo", NULL};
enum {
	EDU_NONE,
	EDU_VO,
	EDU_MBO1,
	EDU_MBO2,
	EDU_MBO3,
	EDU_MBO4,
	EDU_HBO,
	EDU_WO
};

const char *const demo_candidate_statuses[] = {"active", "placed", "archived",
					       NULL};
enum { CAND_ACTIVE, CAND_PLACED, CAND_ARCHIVED };

/* ---- the generator's state ----------------------------------------------- */

/* The postcode areas of one municipality, with cumulative inhabitants for
 * drawing residences. */
struct places {
	int *pc4;     /* indices in refdata pc4s */
	int64_t *cum; /* cumulative inhabitants */
	size_t count;
	int64_t total;
};

/* Periods in which a candidate is already counted (demo candidates take
 * part in at most a few realisations, never overlapping). */
#define BUSY_SLOTS 3
struct busy {
	sr_date start[BUSY_SLOTS], end[BUSY_SLOTS];
	int32_t contract[BUSY_SLOTS];
	uint8_t n;
};

struct gen {
	const struct refdata *ref;
	struct demo_data *d;
	uint64_t seed;
	sr_date today;
	struct sr_error *err;
	const struct demo_progress *progress;

	size_t org_cap, version_cap, supplier_cap, contract_cap,
	    realisation_cap;
	struct places *places; /* per organisation (empty for regions) */
	size_t *cand_first, *cand_count; /* per organisation */
	size_t *sup_first, *sup_count;	 /* per organisation */
	struct busy *busy;		 /* per candidate */

	uint16_t sector_esco[SECTOR_COUNT][SECTOR_MAX_ESCO];
	int sector_esco_count[SECTOR_COUNT];
	uint16_t *wanted; /* occupations candidates commonly look for */
	size_t wanted_count;
	uint16_t *major[10]; /* occupations per ISCO major group */
	size_t major_count[10];

	int (*nbr)[4]; /* the 4 nearest pc4 areas of each pc4, lazily */
	bool *nbr_done;

	uint64_t kvk_offset;
};

static bool oom(struct gen *g)
{
	return sr_fail(g->err, 503, "out_of_memory", "", "out of memory");
}

static bool grow(struct gen *g, void **array, size_t *cap, size_t need,
		 size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	void *p = realloc(*array, n * size);
	if (!p)
		return oom(g);
	memset((char *)p + *cap * size, 0, (n - *cap) * size);
	*array = p;
	*cap = n;
	return true;
}

static void report(struct gen *g, const char *stage, size_t done, size_t total)
{
	if (g->progress && g->progress->report)
		g->progress->report(g->progress->ctx, stage, done, total);
}

/* ---- reference data ------------------------------------------------------ */

static bool occupation_index(struct gen *g, const char *code, uint16_t *out)
{
	const struct ref_occupation *o = refdata_occupation(code);
	if (!o)
		return sr_fail(g->err, 500, "demo_data", "",
			       "the demo's ESCO code %s is not in the shipped "
			       "occupation list",
			       code);
	*out = (uint16_t)(o - g->ref->occupations);
	return true;
}

/* Checks every code in the tables and builds the occupation pools. */
static bool prepare_tables(struct gen *g)
{
	for (size_t i = 0; i < TEMPLATE_COUNT; i++) {
		const struct contract_template *t = &templates[i];
		const struct ref_cpv *c = refdata_cpv(t->cpv);
		const char *kind = t->kind == 'w'   ? "works"
				   : t->kind == 's' ? "services"
						    : "supplies";
		if (!c || strcmp(c->contract_type, kind) != 0)
			return sr_fail(g->err, 500, "demo_data", "",
				       "the demo's CPV code %s is not a %s "
				       "code of the shipped CPV list",
				       t->cpv, kind);
	}
	size_t cap = 0;
	for (int s = 0; s < SECTOR_COUNT; s++) {
		for (int i = 0; i < SECTOR_MAX_ESCO && sectors[s].esco[i];
		     i++) {
			uint16_t idx = 0;
			if (!occupation_index(g, sectors[s].esco[i], &idx))
				return false;
			g->sector_esco[s][i] = idx;
			g->sector_esco_count[s] = i + 1;
			if (!grow(g, (void **)&g->wanted, &cap,
				  g->wanted_count + 1, sizeof *g->wanted))
				return false;
			g->wanted[g->wanted_count++] = idx;
		}
	}
	size_t caps[10] = {0};
	for (size_t i = 0; i < g->ref->occupation_count; i++) {
		int m = g->ref->occupations[i].isco[0] - '0';
		if (m < 0 || m > 9)
			continue;
		if (!grow(g, (void **)&g->major[m], &caps[m],
			  g->major_count[m] + 1, sizeof *g->major[m]))
			return false;
		g->major[m][g->major_count[m]++] = (uint16_t)i;
	}
	for (int m = 4; m <= 9; m++)
		if (m != 6 && g->major_count[m] == 0)
			return sr_fail(g->err, 500, "demo_data", "",
				       "no occupations of ISCO major group %d",
				       m);
	return true;
}

static bool build_places(struct gen *g, int org)
{
	const struct ref_municipality *m = g->d->orgs[org].municipality;
	struct places *p = &g->places[org];
	size_t n = 0;
	for (size_t i = 0; i < g->ref->pc4_count; i++)
		n += strcmp(g->ref->pc4s[i].municipality, m->code) == 0;
	if (n == 0)
		return sr_fail(g->err, 500, "demo_data", "",
			       "no postcode areas for municipality %s",
			       m->code);
	p->pc4 = malloc(n * sizeof *p->pc4);
	p->cum = malloc(n * sizeof *p->cum);
	if (!p->pc4 || !p->cum)
		return oom(g);
	for (size_t i = 0; i < g->ref->pc4_count; i++) {
		if (strcmp(g->ref->pc4s[i].municipality, m->code) != 0)
			continue;
		int64_t inh = g->ref->pc4s[i].inhabitants;
		p->total += inh > 0 ? inh : 0;
		p->pc4[p->count] = (int)i;
		p->cum[p->count++] = p->total;
	}
	/* A municipality whose areas have no inhabitant counts: uniform. */
	if (p->total == 0)
		for (size_t i = 0; i < p->count; i++)
			p->cum[i] = p->total = (int64_t)i + 1;
	return true;
}

/* A residence: a postcode area drawn by inhabitants. */
static int pick_residence(struct demo_rng *r, const struct places *p)
{
	int64_t x = (int64_t)demo_rng_below(r, (uint64_t)p->total);
	size_t lo = 0, hi = p->count - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return p->pc4[lo];
}

/* A full postcode in pc4 area idx: two letters, never SA, SD or SS. */
static void make_postcode(struct gen *g, struct demo_rng *r, int idx,
			  char out[8])
{
	char a, b;
	do {
		a = postcode_letters[demo_rng_below(r, sizeof postcode_letters -
							   1)];
		b = postcode_letters[demo_rng_below(r, sizeof postcode_letters -
							   1)];
	} while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
	snprintf(out, 8, "%04d %c%c", g->ref->pc4s[idx].pc4, a, b);
}

/* The 4 nearest other postcode areas of idx (by centroid; ties by index). A
 * flat-earth distance with the longitude scaled by cos(52 degrees) is
 * accurate enough within the Netherlands. */
static const int *neighbours(struct gen *g, int idx)
{
	if (!g->nbr_done[idx]) {
		const struct ref_pc4 *a = &g->ref->pc4s[idx];
		double best[4] = {1e300, 1e300, 1e300, 1e300};
		int *out = g->nbr[idx];
		for (int k = 0; k < 4; k++)
			out[k] = idx;
		for (size_t i = 0; i < g->ref->pc4_count; i++) {
			if ((int)i == idx)
				continue;
			const struct ref_pc4 *b = &g->ref->pc4s[i];
			double dx = (a->lon - b->lon) * 0.6157;
			double dy = a->lat - b->lat;
			double d2 = dx * dx + dy * dy;
			if (d2 >= best[3])
				continue;
			int k = 3;
			while (k > 0 && d2 < best[k - 1]) {
				best[k] = best[k - 1];
				out[k] = out[k - 1];
				k--;
			}
			best[k] = d2;
			out[k] = (int)i;
		}
		g->nbr_done[idx] = true;
	}
	return g->nbr[idx];
}

/* ---- organisations ------------------------------------------------------- */

static bool add_org(struct gen *g, const char *code, const char *name,
		    bool region, int region_index,
		    const struct ref_municipality *m)
{
	struct demo_data *d = g->d;
	if (!grow(g, (void **)&d->orgs, &g->org_cap, d->org_count + 1,
		  sizeof *d->orgs))
		return false;
	struct demo_org *o = &d->orgs[d->org_count++];
	snprintf(o->code, sizeof o->code, "%s", code);
	snprintf(o->name, sizeof o->name, "%s", name);
	o->is_region = region;
	o->region = region_index;
	o->share_candidates = !region;
	o->municipality = m;
	return true;
}

/* "Fryslân" -> "fryslan", "Zuid-Holland" -> "zuid-holland". */
static void slug(const char *in, char *out, size_t size)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)in;
	while (*p && n + 1 < size) {
		unsigned char c = *p++;
		if (c == 0xc3 && *p) {
			/* Latin-1 supplement letters: drop the accent. */
			unsigned char x = *p++;
			c = (x >= 0xa0 && x <= 0xa5)   ? 'a'
			    : (x >= 0xa8 && x <= 0xab) ? 'e'
			    : (x >= 0xac && x <= 0xaf) ? 'i'
			    : (x >= 0xb2 && x <= 0xb6) ? 'o'
			    : (x >= 0xb9 && x <= 0xbc) ? 'u'
						       : '-';
		} else if (c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c - 'A' + 'a');
		} else if (!((c >= 'a' && c <= 'z') ||
			     (c >= '0' && c <= '9'))) {
			c = '-';
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool make_orgs(struct gen *g, enum demo_scale scale)
{
	const struct refdata *ref = g->ref;
	if (scale == DEMO_SMALL) {
		static const char *const codes[] = {"GM0518", "GM0503",
						    "GM0603"};
		if (!add_org(g, "haaglanden", "Regio Haaglanden", true, -1,
			     NULL))
			return false;
		for (int i = 0; i < 3; i++) {
			const struct ref_municipality *m =
			    refdata_municipality(codes[i]);
			if (!m)
				return sr_fail(g->err, 500, "demo_data", "",
					       "municipality %s is not in the "
					       "shipped list",
					       codes[i]);
			if (!add_org(g, m->code, m->name, false, 0, m))
				return false;
		}
		return true;
	}
	/* The provinces, sorted by name, each a region. */
	const char *provinces[16];
	int province_count = 0;
	for (size_t i = 0; i < ref->municipality_count; i++) {
		const char *p = ref->municipalities[i].province;
		bool seen = false;
		for (int k = 0; k < province_count; k++)
			seen |= strcmp(provinces[k], p) == 0;
		if (!seen && province_count < 16)
			provinces[province_count++] = p;
	}
	qsort(provinces, (size_t)province_count, sizeof *provinces, cmp_str);
	for (int k = 0; k < province_count; k++) {
		if (scale == DEMO_MEDIUM &&
		    strcmp(provinces[k], "Zuid-Holland") != 0)
			continue;
		char s[24], code[32], name[96];
		slug(provinces[k], s, sizeof s);
		snprintf(code, sizeof code, "%s%s",
			 scale == DEMO_MEDIUM ? "" : "pv-", s);
		snprintf(name, sizeof name, "Regio %s", provinces[k]);
		int region = (int)g->d->org_count;
		if (!add_org(g, code, name, true, -1, NULL))
			return false;
		for (size_t i = 0; i < ref->municipality_count; i++) {
			const struct ref_municipality *m =
			    &ref->municipalities[i];
			if (strcmp(m->province, provinces[k]) == 0 &&
			    !add_org(g, m->code, m->name, false, region, m))
				return false;
		}
	}
	if (g->d->org_count < 2)
		return sr_fail(g->err, 500, "demo_data", "",
			       "no municipalities for this scale");
	return true;
}

/* ---- policy versions ----------------------------------------------------- */

const char *const demo_policy_files[DEMO_POLICY_COUNT] = {
    [DEMO_POLICY_RIJK] = "policies/rijk-2011.json",
    [DEMO_POLICY_HAAGLANDEN] = "policies/haaglanden-zhc-2023.json",
    [DEMO_POLICY_UTRECHT] = "policies/utrecht.json",
};

static bool add_version(struct gen *g, int org, enum demo_policy policy)
{
	struct demo_data *d = g->d;
	if (!d->policies[policy])
		return sr_fail(g->err, 500, "demo_data", "",
			       "the demo needs the policy %s",
			       demo_policy_files[policy]);
	if (!grow(g, (void **)&d->policy_versions, &g->version_cap,
		  d->policy_version_count + 1, sizeof *d->policy_versions))
		return false;
	d->policy_versions[d->policy_version_count++] =
	    (struct demo_policy_version){org, policy};
	return true;
}

/* Every region: the central government's rule, then from its effective
 * date the Haaglanden table, or Utrecht's in the province of Utrecht. */
static bool make_policy_versions(struct gen *g)
{
	for (size_t o = 0; o < g->d->org_count; o++) {
		const struct demo_org *org = &g->d->orgs[o];
		if (!org->is_region)
			continue;
		bool utrecht = strcmp(org->code, "pv-utrecht") == 0;
		if (!add_version(g, (int)o, DEMO_POLICY_RIJK) ||
		    !add_version(g, (int)o,
				 utrecht ? DEMO_POLICY_UTRECHT
					 : DEMO_POLICY_HAAGLANDEN))
			return false;
	}
	return true;
}

/* The version in force on day for a municipality: its region's with the
 * latest effective date on or before day; -1 when none is. */
static int version_in_force(const struct gen *g, int org, sr_date day)
{
	int region = g->d->orgs[org].region;
	int best = -1;
	for (size_t i = 0; i < g->d->policy_version_count; i++) {
		const struct demo_policy_version *v = &g->d->policy_versions[i];
		const struct policy *p = g->d->policies[v->policy];
		if (v->org != region || p->effective_from > day)
			continue;
		if (best < 0 ||
		    p->effective_from >
			g->d->policies[g->d->policy_versions[best].policy]
			    ->effective_from)
			best = (int)i;
	}
	return best;
}

static const struct policy *policy_of(const struct gen *g,
				      const struct demo_contract *c)
{
	return c->policy_version < 0
		   ? NULL
		   : g->d->policies[g->d->policy_versions[c->policy_version]
					.policy];
}

/* ---- suppliers ----------------------------------------------------------- */

enum supplier_type { SUP_REGULAR, SUP_SOCIAL, SUP_SHELTERED };

static const char *place_of(struct gen *g, int pc4_index)
{
	return g->ref->pc4s[pc4_index].place;
}

static void supplier_name(struct gen *g, struct demo_rng *r, int sector,
			  enum supplier_type type, const char *place, char *out,
			  size_t size)
{
	const struct sector *s = &sectors[sector];
	const char *fam = families[demo_rng_below(r, FAMILY_COUNT)];
	const char *gen = generic_words[demo_rng_below(r, GENERIC_COUNT)];
	(void)g;
	if (type == SUP_SHELTERED) {
		static const char *const forms[] = {
		    "Werkbedrijf %s", "Werkvoorzieningsschap %s", "%s Werkt"};
		snprintf(out, size, forms[demo_rng_below(r, 3)], place);
		return;
	}
	if (type == SUP_SOCIAL) {
		/* Two forms per line of business: with a word or a place. */
		static const char *const forms[][2] = {
		    [S_SCHOONMAAK] = {"%s Schoon (sociale onderneming)",
				      "Schoonmaakcooperatie %s"},
		    [S_GROEN] = {"Stichting %s Groen Werkt", "Buurtgroen %s"},
		    [S_CATERING] = {"Lunchroom %s", "Leerwerkrestaurant %s"},
		    [S_SOCIAAL] = {"Fietswerkplaats %s", "Kringloop %s"},
		};
		int f = (int)demo_rng_below(r, 2);
		const char *form = forms[sector][f];
		snprintf(out, size, form ? form : "Stichting %s Werkt",
			 f ? place : gen);
		return;
	}
	int pre_n = 0, post_n = 0;
	while (pre_n < 3 && s->pre[pre_n])
		pre_n++;
	while (post_n < 4 && s->post[post_n])
		post_n++;
	const char *pre = s->pre[demo_rng_below(r, (uint64_t)pre_n)];
	const char *post = s->post[demo_rng_below(r, (uint64_t)post_n)];
	char base[96];
	switch (pick_weighted(r, (const int[]){35, 20, 20, 10, 15}, 5)) {
	case 0:
		snprintf(base, sizeof base, "%s %s", fam, post);
		break;
	case 1:
		snprintf(base, sizeof base, "%s %s", pre, fam);
		break;
	case 2:
		snprintf(base, sizeof base, "%s %s", gen, post);
		break;
	case 3:
		snprintf(base, sizeof base, "%s & %s %s", fam,
			 families[demo_rng_below(r, FAMILY_COUNT)], post);
		break;
	default:
		snprintf(base, sizeof base, "%s %s", pre, place);
		break;
	}
	static const char *const suffixes[] = {" B.V.", "", " Groep B.V.",
					       " V.O.F."};
	int suffix = pick_weighted(r, (const int[]){60, 28, 6, 6}, 4);
	if (suffix == 2 && strstr(base, "roep"))
		suffix = 0;
	snprintf(out, size, "%s%s", base, suffixes[suffix]);
}

static int new_supplier(struct gen *g, struct demo_rng *r, int org, int sector,
			enum supplier_type type)
{
	struct demo_data *d = g->d;
	if (!grow(g, (void **)&d->suppliers, &g->supplier_cap,
		  d->supplier_count + 1, sizeof *d->suppliers))
		return -1;
	size_t index = d->supplier_count++;
	struct demo_supplier *s = &d->suppliers[index];
	s->org = org;
	s->sector = sector;
	/* KvK numbers: a bijection of the index onto 8 digits (48271 is
	 * coprime with 90,000,000), so they never repeat. */
	uint64_t k =
	    (index * UINT64_C(48271) + g->kvk_offset) % 90000000u + 10000000u;
	snprintf(s->kvk, sizeof s->kvk, "%08llu", (unsigned long long)k);
	const struct places *p = &g->places[org];
	int pc = p->pc4[demo_rng_below(r, p->count)];
	make_postcode(g, r, pc, s->postcode);
	/* A name not yet used in this organisation. */
	for (int attempt = 0; attempt < 8; attempt++) {
		supplier_name(g, r, sector, type, place_of(g, pc), s->name,
			      sizeof s->name);
		bool taken = false;
		for (size_t i = g->sup_first[org]; i < index && !taken; i++)
			taken = strcmp(d->suppliers[i].name, s->name) == 0;
		if (!taken)
			break;
		if (attempt == 7) {
			size_t len = strlen(s->name);
			snprintf(s->name + len, sizeof s->name - len, " (%s)",
				 place_of(g, pc));
		}
	}
	s->pso_rung = -1;
	s->category = "regular";
	s->social_enterprise = false;
	int certified_permille = type == SUP_REGULAR  ? 150
				 : type == SUP_SOCIAL ? 500
						      : 1000;
	if (demo_rng_chance(r, certified_permille)) {
		s->pso_rung =
		    type == SUP_REGULAR
			? pick_weighted(r, (const int[]){20, 35, 30, 15}, 4)
			: (int)demo_rng_range(r, 2, 3);
		s->pso_valid_from = pick_date(r, date_from_ymd(2021, 1, 1),
					      date_from_ymd(2026, 6, 30));
		s->pso_valid_until =
		    date_add_months(s->pso_valid_from,
				    (int)demo_rng_range(r, 2, 3) * 12) -
		    1;
	}
	if (type == SUP_SOCIAL) {
		s->category = "social_enterprise";
		s->social_enterprise = true;
	} else if (type == SUP_SHELTERED) {
		s->category = "sheltered_work";
	} else if (s->pso_rung >= 1 && demo_rng_chance(r, 600)) {
		s->category = "pso_certified";
	}
	g->sup_count[org]++;
	return (int)index;
}

/* ---- contracts ----------------------------------------------------------- */

/* 10^(i/16) x 10000: contract values are drawn on a log scale in
 * sixteenths of a decade, in integers. */
static const int64_t pow16[17] = {10000, 11548, 13335, 15399, 17783, 20535,
				  23714, 27384, 31623, 36517, 42170, 48697,
				  56234, 64938, 74989, 86596, 100000};

/* Roughly log-normal between EUR 50,000 and EUR 20 million, median near
 * EUR 400,000 plus the template's shift; whole tens of euros. */
static int64_t contract_value(struct demo_rng *r, int shift)
{
	/* Sum of 12 uniforms: a bell with standard deviation 1000. */
	int64_t sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (int64_t)demo_rng_below(r, 1000);
	int64_t steps16 = (14 + shift) * 1000 + (sum - 5994) * 7;
	if (steps16 < 0)
		steps16 = (int64_t)demo_rng_below(r, 1000);
	if (steps16 > 41999)
		steps16 = 41999;
	int64_t step = steps16 / 1000, frac = steps16 % 1000;
	int64_t decade = 1;
	for (int64_t i = 0; i < step / 16; i++)
		decade *= 10;
	int64_t lo = pow16[step % 16], hi = pow16[step % 16 + 1];
	int64_t factor = lo + (hi - lo) * frac / 1000; /* x 10000 */
	int64_t euros = 50000 * decade * factor / 10000;
	if (euros > 20000000)
		euros = 20000000;
	return euros / 10 * 10 * 100;
}

static void expand_title(struct gen *g, struct demo_rng *r, const char *tpl,
			 int org, int year, char *out, size_t size)
{
	size_t n = 0;
	const struct places *p = &g->places[org];
	const char *place = place_of(g, p->pc4[demo_rng_below(r, p->count)]);
	out[0] = '\0';
	for (const char *c = tpl; *c && n + 1 < size;) {
		char piece[96];
		const char *text = NULL;
		if (*c == '{') {
			const char *close = strchr(c, '}');
			size_t len = close ? (size_t)(close - c - 1) : 0;
			if (len == 5 && strncmp(c + 1, "place", 5) == 0)
				text = place;
			else if (len == 7 && strncmp(c + 1, "compass", 7) == 0)
				text = compass[demo_rng_below(r, 5)];
			else if (len == 6 && strncmp(c + 1, "street", 6) == 0)
				text = streets[demo_rng_below(r, STREET_COUNT)];
			else if (len == 3 && strncmp(c + 1, "lot", 3) == 0) {
				snprintf(piece, sizeof piece, "%d",
					 (int)demo_rng_range(r, 1, 4));
				text = piece;
			} else if (len == 4 && strncmp(c + 1, "year", 4) == 0) {
				snprintf(piece, sizeof piece, "%d", year);
				text = piece;
			} else if (len == 5 &&
				   strncmp(c + 1, "year2", 5) == 0) {
				snprintf(piece, sizeof piece, "%d", year + 2);
				text = piece;
			} else if (len == 5 &&
				   strncmp(c + 1, "year3", 5) == 0) {
				snprintf(piece, sizeof piece, "%d", year + 3);
				text = piece;
			}
			if (text) {
				size_t tl = strlen(text);
				if (n + tl >= size)
					tl = size - n - 1;
				memcpy(out + n, text, tl);
				n += tl;
				c = close + 1;
				continue;
			}
		}
		out[n++] = *c++;
	}
	out[n] = '\0';
}

/* The supplier that wins a contract of this sector: often one that already
 * works for the organisation, sometimes a social enterprise. */
static int choose_supplier(struct gen *g, struct demo_rng *r, int org,
			   int sector, char kind)
{
	struct demo_data *d = g->d;
	size_t first = g->sup_first[org], count = g->sup_count[org];
	if (kind == 's' &&
	    (sector == S_SCHOONMAAK || sector == S_GROEN ||
	     sector == S_CATERING) &&
	    demo_rng_chance(r, 100)) {
		int social[64], n = 0;
		for (size_t i = first; i < first + count && n < 64; i++)
			if (d->suppliers[i].social_enterprise &&
			    d->suppliers[i].sector == sector)
				social[n++] = (int)i;
		if (n)
			return social[demo_rng_below(r, (uint64_t)n)];
	}
	if (demo_rng_chance(r, 450)) {
		int same = 0;
		for (size_t i = first; i < first + count; i++)
			same += d->suppliers[i].sector == sector;
		if (same) {
			int k = (int)demo_rng_below(r, (uint64_t)same);
			for (size_t i = first; i < first + count; i++)
				if (d->suppliers[i].sector == sector &&
				    k-- == 0)
					return (int)i;
		}
	}
	return new_supplier(g, r, org, sector, SUP_REGULAR);
}

static void set_status(struct gen *g, struct demo_rng *r,
		       struct demo_contract *c)
{
	sr_date today = g->today;
	if (c->start > today) {
		/* Not started: a draft in preparation, or awarded. */
		if (c->start - today > 45 && demo_rng_chance(r, 500)) {
			c->status = "draft";
			c->has_award = false;
			return;
		}
		c->status = "awarded";
		c->has_award = true;
		c->award = c->start - (sr_date)demo_rng_range(r, 14, 90);
		if (c->award > today)
			c->award = today - (sr_date)demo_rng_range(r, 0, 20);
		return;
	}
	c->has_award = true;
	c->award = c->start - (sr_date)demo_rng_range(r, 14, 120);
	if (c->end >= today) {
		c->status = "running";
		return;
	}
	c->status = "ended";
}

static void terms_of(const struct gen *g, const struct demo_contract *c,
		     struct contract_terms *t);

/* At award, as the award action does: the version in force on the award
 * date and its obligation. Where the policy lets a consultant deviate
 * (comply or explain), contracts with little labour get 2% and supplies
 * none; now and then one just below the threshold is opted in. Settled
 * once the policy's recovery period is over (most are by then). */
static bool award(struct gen *g, struct demo_rng *r, struct demo_contract *c)
{
	c->policy_version = -1;
	c->deviation_centi = -1;
	c->sr_percentage_centi = -1;
	c->obligation_cents = -1;
	if (!c->has_award)
		return true;
	c->policy_version = version_in_force(g, c->org, c->award);
	const struct policy *p = policy_of(g, c);
	if (!p)
		return sr_fail(g->err, 500, "demo_data", "",
			       "no demo policy is in force on a contract's "
			       "award date");
	if (p->comply_or_explain && p->unit == POLICY_UNIT_EUR) {
		if (strcmp(c->kind, "supplies") == 0) {
			c->deviation_centi = 0;
			c->deviation_reason =
			    "Levering zonder wezenlijke "
			    "arbeidscomponent (pas toe of leg "
			    "uit)";
		} else if (c->labour_share_pct < 30) {
			c->deviation_centi = 200;
			c->deviation_reason = "Arbeidsaandeel onder 30%: 2% "
					      "(pas toe of leg uit)";
		}
	}
	struct contract_terms t;
	struct obligation o;
	terms_of(g, c, &t);
	if (!obligation_compute(p, &t, &o, g->err))
		return false;
	if (!o.by_rules && p->opt_in_allowed && c->value_cents >= 10000000 &&
	    strcmp(c->kind, "supplies") != 0 && demo_rng_chance(r, 120)) {
		c->opt_in = true;
		terms_of(g, c, &t);
		if (!obligation_compute(p, &t, &o, g->err))
			return false;
	}
	if (!o.applicable) {
		/* Nothing to deviate from. */
		c->deviation_centi = -1;
		c->deviation_reason = NULL;
	}
	c->sr_percentage_centi = o.applicable ? o.pct_bp : 0;
	c->obligation_cents = o.applicable ? o.value : 0;
	json_t *e = obligation_explain(p, &t, &o);
	c->obligation_explanation =
	    e ? json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(e);
	if (!c->obligation_explanation)
		return oom(g);
	int recovery = p->recovery_months > 0 ? p->recovery_months : 6;
	if (strcmp(c->status, "ended") == 0 &&
	    date_add_months(c->end, recovery) < g->today &&
	    demo_rng_chance(r, 850))
		c->status = "settled";
	return true;
}

/* Stable insertion sort by start date (a few hundred contracts at most). */
static void sort_by_start(struct demo_contract *c, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct demo_contract t = c[i];
		size_t j = i;
		while (j > 0 && c[j - 1].start > t.start) {
			c[j] = c[j - 1];
			j--;
		}
		c[j] = t;
	}
}

static bool make_contracts(struct gen *g)
{
	struct demo_data *d = g->d;
	struct demo_rng r;
	demo_rng_seed(&r, g->seed, STREAM_CONTRACTS);
	sr_date first_start = date_from_ymd(2022, 1, 1);
	sr_date last_start = date_from_ymd(2027, 3, 31);
	size_t total = 0;
	for (size_t o = 0; o < d->org_count; o++)
		if (!d->orgs[o].is_region)
			total += CONTRACT_BASE +
				 (size_t)(d->orgs[o].municipality->inhabitants /
					  INHABITANTS_PER_CONTRACT);
	for (size_t o = 0; o < d->org_count; o++) {
		g->sup_first[o] = d->supplier_count;
		if (d->orgs[o].is_region)
			continue;
		int org = (int)o;
		int64_t inh = d->orgs[o].municipality->inhabitants;
		/* Social enterprises and, in the larger places, a sheltered
		 * work company. */
		static const int social_sectors[] = {S_SCHOONMAAK, S_GROEN,
						     S_CATERING, S_SOCIAAL};
		int social = 1 + (int)(inh / 120000);
		for (int i = 0; i < social; i++)
			if (new_supplier(g, &r, org, social_sectors[i % 4],
					 SUP_SOCIAL) < 0)
				return false;
		if (inh >= 40000 &&
		    new_supplier(g, &r, org, S_SOCIAAL, SUP_SHELTERED) < 0)
			return false;

		size_t n =
		    CONTRACT_BASE + (size_t)(inh / INHABITANTS_PER_CONTRACT);
		size_t org_first = d->contract_count;
		if (!grow(g, (void **)&d->contracts, &g->contract_cap,
			  d->contract_count + n, sizeof *d->contracts))
			return false;
		for (size_t i = 0; i < n; i++) {
			struct demo_contract *c =
			    &d->contracts[d->contract_count++];
			memset(c, 0, sizeof *c);
			c->org = org;
			char kind = "wsu"[pick_weighted(
			    &r, (const int[]){35, 50, 15}, 3)];
			int weights[TEMPLATE_COUNT];
			for (size_t t = 0; t < TEMPLATE_COUNT; t++)
				weights[t] = templates[t].kind == kind
						 ? templates[t].weight
						 : 0;
			const struct contract_template *t =
			    &templates[pick_weighted(&r, weights,
						     TEMPLATE_COUNT)];
			c->kind = kind == 'w'	? "works"
				  : kind == 's' ? "services"
						: "supplies";
			c->department = t->department;
			const struct ref_cpv *cpv = refdata_cpv(t->cpv);
			snprintf(c->cpv, sizeof c->cpv, "%s-%c", cpv->code,
				 cpv->check_digit);
			c->value_cents = contract_value(&r, t->value_shift);
			c->labour_share_pct =
			    (int)demo_rng_range(&r, t->labour_lo, t->labour_hi);
			/* Larger contracts run longer. */
			int term = c->value_cents < 50000000
				       ? (int)demo_rng_range(&r, 6, 24)
				   : c->value_cents < 200000000
				       ? (int)demo_rng_range(&r, 12, 36)
				       : (int)demo_rng_range(&r, 24, 48);
			c->start = pick_date(&r, first_start, last_start);
			/* Terms start on the first of a month more often than
			 * not. */
			if (demo_rng_chance(&r, 600)) {
				int y, m, day;
				date_to_ymd(c->start, &y, &m, &day);
				c->start = date_from_ymd(y, m, 1);
			}
			c->end = date_add_months(c->start, term) - 1;
			int y, m, day;
			date_to_ymd(c->start, &y, &m, &day);
			expand_title(g, &r, t->title, org, y, c->title,
				     sizeof c->title);
			set_status(g, &r, c);
			c->supplier = -1;
			if (strcmp(c->status, "draft") != 0) {
				c->supplier = choose_supplier(g, &r, org,
							      t->sector, kind);
				if (c->supplier < 0)
					return false;
			}
			if (!award(g, &r, c))
				return false;
		}
		/* Number the organisation's contracts in order of start. */
		sort_by_start(d->contracts + org_first, n);
		for (size_t i = 0; i < n; i++) {
			struct demo_contract *c = &d->contracts[org_first + i];
			int y, m, day;
			date_to_ymd(c->has_award ? c->award : c->start, &y, &m,
				    &day);
			/* Codes are short ("GM0518"); years have 4 digits. */
			snprintf(c->reference, sizeof c->reference,
				 "%.12s-%04d-%04zu", d->orgs[o].code, y % 10000,
				 (i + 1) % 10000);
		}
		report(g, "contracts", d->contract_count, total);
	}
	return true;
}

/* ---- bands --------------------------------------------------------------- */

/* Elapsed share of the term in permille. */
static int64_t elapsed_permille(const struct demo_contract *c, sr_date today)
{
	int64_t len = c->end - c->start + 1;
	int64_t done = today - c->start;
	if (done < 0)
		return 0;
	return done >= len ? 1000 : done * 1000 / len;
}

/* Assigns below, near and above in roughly equal thirds among contracts with
 * an obligation. Those that cannot have accepted realisations yet (awarded,
 * or started in the last three months) are below by nature; the others
 * fill the rest, with the early ones of the running contracts first in line
 * for below. */
static bool assign_bands(struct gen *g)
{
	struct demo_data *d = g->d;
	struct demo_rng r;
	demo_rng_seed(&r, g->seed, STREAM_BANDS);
	size_t n = 0, forced = 0;
	int *open = malloc((d->contract_count + 1) * sizeof *open);
	if (!open)
		return oom(g);
	size_t open_n = 0;
	for (size_t i = 0; i < d->contract_count; i++) {
		struct demo_contract *c = &d->contracts[i];
		if (c->obligation_cents <= 0)
			continue;
		n++;
		if (strcmp(c->status, "awarded") == 0 ||
		    (strcmp(c->status, "running") == 0 &&
		     c->start > g->today - 90)) {
			c->band = DEMO_BAND_BELOW;
			forced++;
		} else {
			open[open_n++] = (int)i;
		}
	}
	/* Shuffle, then move the early running contracts to the front. */
	for (size_t i = open_n; i > 1; i--) {
		size_t j = demo_rng_below(&r, i);
		int t = open[i - 1];
		open[i - 1] = open[j];
		open[j] = t;
	}
	size_t early = 0;
	for (size_t i = 0; i < open_n; i++) {
		const struct demo_contract *c = &d->contracts[open[i]];
		if (strcmp(c->status, "running") == 0 &&
		    elapsed_permille(c, g->today) < 300) {
			int t = open[i];
			memmove(open + early + 1, open + early,
				(i - early) * sizeof *open);
			open[early++] = t;
		}
	}
	size_t third = (n + 2) / 3;
	size_t below = third > forced ? third - forced : 0;
	size_t near = (n - third) / 2;
	for (size_t i = 0; i < open_n; i++) {
		struct demo_contract *c = &d->contracts[open[i]];
		if (i < below)
			c->band = DEMO_BAND_BELOW;
		else if (i < below + near)
			c->band = DEMO_BAND_NEAR;
		else
			c->band = DEMO_BAND_ABOVE;
	}
	free(open);
	return true;
}

/* ---- candidates ---------------------------------------------------------- */

#define TG(x) (1u << (x))

static int age_on(const struct demo_candidate *c, sr_date day)
{
	int y, m, dd;
	date_to_ymd(day, &y, &m, &dd);
	return y - c->birth_year - (m < c->birth_month ? 1 : 0);
}

static uint8_t pick_education(struct demo_rng *r, int primary,
			      bool statushouder)
{
	switch (primary) {
	case TG_VSO_PRO:
		return (uint8_t)pick_weighted(r, (const int[]){60, 40}, 2);
	case TG_YOUNG_NO_QUALIFICATION:
		return (uint8_t)pick_weighted(r, (const int[]){15, 55, 30}, 3);
	case TG_MBO_BBL:
		return (uint8_t)pick_weighted(
		    r, (const int[]){0, 40, 15, 30, 15}, 5);
	case TG_MBO_BOL:
		return (uint8_t)pick_weighted(
		    r, (const int[]){0, 60, 0, 25, 15}, 5);
	default:
		if (statushouder)
			return (uint8_t)pick_weighted(
			    r, (const int[]){20, 20, 10, 15, 10, 8, 10, 7}, 8);
		return (uint8_t)pick_weighted(
		    r, (const int[]){10, 25, 10, 25, 15, 8, 5, 2}, 8);
	}
}

static int32_t pick_hours(struct demo_rng *r, int primary)
{
	if (primary == TG_MBO_BBL)
		return (
		    int32_t)(pick_weighted(r, (const int[]){20, 50, 30}, 3) *
				 200 +
			     3200);
	if (primary == TG_VSO_PRO || primary == TG_MBO_BOL)
		return (int32_t)demo_rng_range(r, 4, 6) * 400;
	switch (pick_weighted(r, (const int[]){55, 10, 25, 10}, 4)) {
	case 0: {
		static const int32_t common[] = {2400, 2800, 3200, 3600};
		return common[demo_rng_below(r, 4)];
	}
	case 1: {
		static const int32_t odd[] = {2250, 2550, 2775,
					      3050, 3075, 3350};
		return odd[demo_rng_below(r, 6)];
	}
	case 2: {
		static const int32_t part[] = {1600, 1800, 2000};
		return part[demo_rng_below(r, 3)];
	}
	default: {
		static const int32_t other[] = {1200, 3800, 4000};
		return other[demo_rng_below(r, 3)];
	}
	}
}

static void pick_occupations(struct gen *g, struct demo_rng *r,
			     struct demo_candidate *c)
{
	static const int major_weights[10] = {0,  0, 0,	 0,  10,
					      25, 0, 20, 15, 30};
	int n = pick_weighted(r, (const int[]){55, 35, 10}, 3) + 1;
	c->occupation_count = 0;
	for (int k = 0; k < n; k++) {
		uint16_t o;
		if (demo_rng_chance(r, 750)) {
			o = g->wanted[demo_rng_below(r, g->wanted_count)];
		} else {
			int m = pick_weighted(r, major_weights, 10);
			o = g->major[m][demo_rng_below(r, g->major_count[m])];
		}
		bool dup = false;
		for (int i = 0; i < c->occupation_count; i++)
			dup |= c->occupations[i] == o;
		if (!dup)
			c->occupations[c->occupation_count++] = o;
	}
}

static void make_candidate(struct gen *g, struct demo_rng *r, int org,
			   struct demo_candidate *c, uint64_t external)
{
	/* Primary target group, in per mille. */
	static const int primary_weights[TARGET_GROUP_COUNT] = {
	    [TG_PARTICIPATIEWET] = 380,
	    [TG_WW] = 140,
	    [TG_WIA] = 80,
	    [TG_IOAW_IOAZ] = 25,
	    [TG_BANENAFSPRAAK] = 100,
	    [TG_NO_BENEFIT] = 80,
	    [TG_YOUNG_NO_QUALIFICATION] = 70,
	    [TG_VSO_PRO] = 45,
	    [TG_MBO_BOL] = 35,
	    [TG_MBO_BBL] = 45,
	};
	memset(c, 0, sizeof *c);
	c->org = org;
	int primary = pick_weighted(r, primary_weights, TARGET_GROUP_COUNT);
	uint32_t groups = TG(primary);
	int age_lo = 21, age_hi = 64;
	switch (primary) {
	case TG_WW:
		age_lo = 23;
		break;
	case TG_WIA:
		age_lo = 25;
		break;
	case TG_IOAW_IOAZ:
		age_lo = 55;
		break;
	case TG_BANENAFSPRAAK:
	case TG_NO_BENEFIT:
		age_lo = 18;
		break;
	case TG_YOUNG_NO_QUALIFICATION:
		age_lo = 17, age_hi = 26;
		break;
	case TG_VSO_PRO:
		age_lo = 17, age_hi = 20;
		break;
	case TG_MBO_BOL:
		age_lo = 17, age_hi = 23;
		break;
	case TG_MBO_BBL:
		age_lo = 17, age_hi = 30;
		break;
	}
	int age = (int)demo_rng_range(r, age_lo, age_hi);
	/* Second groups: status holders, work disabilities, young people
	 * on social assistance without a basic qualification. */
	if ((primary == TG_PARTICIPATIEWET && demo_rng_chance(r, 150)) ||
	    ((primary == TG_NO_BENEFIT ||
	      primary == TG_YOUNG_NO_QUALIFICATION) &&
	     demo_rng_chance(r, 100)))
		groups |= TG(TG_STATUSHOUDER);
	if ((primary == TG_BANENAFSPRAAK && demo_rng_chance(r, 450)) ||
	    (primary == TG_WIA && demo_rng_chance(r, 350)) ||
	    (primary == TG_VSO_PRO && demo_rng_chance(r, 200)) ||
	    (primary == TG_PARTICIPATIEWET && demo_rng_chance(r, 60)))
		groups |= TG(TG_WORK_DISABILITY);
	if (primary == TG_PARTICIPATIEWET && age < 27 &&
	    demo_rng_chance(r, 300))
		groups |= TG(TG_YOUNG_NO_QUALIFICATION);
	if (primary == TG_WW && demo_rng_chance(r, 30))
		groups |= TG(TG_WIA);
	c->target_groups = groups;

	int y, m, dd;
	date_to_ymd(g->today, &y, &m, &dd);
	int months = y * 12 + (m - 1) - age * 12 - (int)demo_rng_below(r, 12);
	c->birth_year = (int16_t)(months / 12);
	c->birth_month = (int8_t)(months % 12 + 1);

	c->education = pick_education(r, primary, groups & TG(TG_STATUSHOUDER));
	int pc = pick_residence(r, &g->places[org]);
	make_postcode(g, r, pc, c->postcode);
	pick_occupations(g, r, c);
	c->hours_centi = pick_hours(r, primary);
	static const int16_t travel[] = {10, 15, 20, 25, 30, 40};
	c->max_travel_km =
	    travel[pick_weighted(r, (const int[]){15, 20, 25, 20, 12, 8}, 6)];
	c->driving_licence = demo_rng_chance(r, age < 21 ? 200 : 560);
	if (demo_rng_chance(r, 700))
		c->available_from =
		    pick_date(r, date_from_ymd(2024, 1, 1), g->today);
	else
		c->available_from = pick_date(r, g->today + 1, g->today + 120);

	/* Benefit start: no earlier than the 18th birthday. */
	sr_date adult = date_from_ymd(c->birth_year + 18, c->birth_month, 1);
	int max_months = 0;
	switch (primary) {
	case TG_PARTICIPATIEWET:
		max_months = demo_rng_chance(r, 600) ? 36 : 144;
		break;
	case TG_WW:
		max_months = 24;
		break;
	case TG_WIA:
		max_months = 180;
		break;
	case TG_BANENAFSPRAAK:
		max_months = 240;
		break;
	case TG_IOAW_IOAZ:
		max_months = 96;
		break;
	}
	if (max_months) {
		sr_date since = date_add_months(g->today, -max_months);
		c->on_benefit_since = pick_date(r, since, g->today - 30);
		if (c->on_benefit_since < adult)
			c->on_benefit_since = adult;
		if (c->on_benefit_since > g->today)
			c->on_benefit_since = g->today;
	}
	c->status = CAND_ACTIVE;
	snprintf(c->external_id, sizeof c->external_id, "K%07llu",
		 (unsigned long long)external);
}

/* Candidates per municipality in proportion to inhabitants (largest
 * remainder, ties by position). */
struct share {
	size_t org;
	int64_t remainder;
};

static int cmp_share(const void *a, const void *b)
{
	const struct share *x = a, *y = b;
	if (x->remainder != y->remainder)
		return x->remainder > y->remainder ? -1 : 1;
	return x->org < y->org ? -1 : x->org > y->org;
}

static bool make_candidates(struct gen *g, int64_t total)
{
	struct demo_data *d = g->d;
	int64_t inhabitants = 0;
	for (size_t o = 0; o < d->org_count; o++)
		if (!d->orgs[o].is_region)
			inhabitants += d->orgs[o].municipality->inhabitants;
	struct share *shares = calloc(d->org_count, sizeof *shares);
	if (!shares)
		return oom(g);
	int64_t given = 0;
	size_t n = 0;
	for (size_t o = 0; o < d->org_count; o++) {
		g->cand_count[o] = 0;
		if (d->orgs[o].is_region)
			continue;
		__int128 q =
		    (__int128)total * d->orgs[o].municipality->inhabitants;
		g->cand_count[o] = (size_t)(q / inhabitants);
		given += (int64_t)g->cand_count[o];
		shares[n].org = o;
		shares[n++].remainder = (int64_t)(q % inhabitants);
	}
	qsort(shares, n, sizeof *shares, cmp_share);
	for (size_t i = 0; given < total; i = (i + 1) % n, given++)
		g->cand_count[shares[i].org]++;
	free(shares);

	d->candidates = calloc((size_t)total, sizeof *d->candidates);
	g->busy = calloc((size_t)total, sizeof *g->busy);
	if (!d->candidates || !g->busy)
		return oom(g);
	struct demo_rng r;
	demo_rng_seed(&r, g->seed, STREAM_CANDIDATES);
	for (size_t o = 0; o < d->org_count; o++) {
		g->cand_first[o] = d->candidate_count;
		uint64_t offset = demo_rng_below(&r, 10000000);
		for (size_t i = 0; i < g->cand_count[o]; i++) {
			/* External ids: a bijection of the position onto 7
			 * digits (7919 is coprime with 10^7). */
			uint64_t ext = (i * 7919 + offset) % 10000000;
			make_candidate(g, &r, (int)o,
				       &d->candidates[d->candidate_count++],
				       ext);
		}
		if ((o & 15) == 15 || o + 1 == d->org_count)
			report(g, "candidates", d->candidate_count,
			       (size_t)total);
	}
	return true;
}

/* ---- realisations -------------------------------------------------------- */

static bool is_free(const struct busy *b, sr_date start, sr_date end,
		    int contract)
{
	if (b->n >= BUSY_SLOTS)
		return false;
	for (int i = 0; i < b->n; i++)
		if (b->contract[i] == contract ||
		    !(end < b->start[i] || start > b->end[i]))
			return false;
	return true;
}

static void take(struct busy *b, sr_date start, sr_date end, int contract)
{
	b->start[b->n] = start;
	b->end[b->n] = end;
	b->contract[b->n] = contract;
	b->n++;
}

static bool fits_kind(const struct demo_candidate *c, enum activity_kind kind)
{
	uint32_t t = c->target_groups;
	switch (kind) {
	case ACTIVITY_HIRE:
		return !(t & (TG(TG_MBO_BOL) | TG(TG_MBO_BBL))) &&
		       !(t == TG(TG_VSO_PRO));
	case ACTIVITY_INTERNSHIP:
		return t & (TG(TG_VSO_PRO) | TG(TG_MBO_BOL) |
			    TG(TG_YOUNG_NO_QUALIFICATION));
	case ACTIVITY_BBL:
		return t & (TG(TG_MBO_BBL) | TG(TG_YOUNG_NO_QUALIFICATION));
	case ACTIVITY_BOL:
		return t & TG(TG_MBO_BOL);
	default:
		return true;
	}
}

/* What the sizing loop works with: the contract and its valuation terms. */
struct filling {
	int contract;
	const struct policy *policy;
	struct contract_terms terms;
	sr_date window_lo, window_hi; /* start dates of counted activities */
	int64_t accepted;
	int refused[ACTIVITY_KIND_COUNT];
};

static void terms_of(const struct gen *g, const struct demo_contract *c,
		     struct contract_terms *t)
{
	contract_terms_init(t);
	contract_kind_from_name(c->kind, &t->kind);
	t->value_cents = c->value_cents;
	t->start = c->start;
	t->end = c->end;
	t->labour_share_bp = c->labour_share_pct * 100;
	t->cpv = c->cpv;
	t->opt_in = c->opt_in;
	if (c->deviation_centi >= 0) {
		t->deviation_bp = c->deviation_centi;
		t->deviation_reason = c->deviation_reason;
	}
	if (c->supplier >= 0 && g->d->suppliers[c->supplier].pso_rung >= 0) {
		const struct demo_supplier *s = &g->d->suppliers[c->supplier];
		t->pso_rung = s->pso_rung;
		t->has_pso_validity = true;
		t->pso_valid_from = s->pso_valid_from;
		t->pso_valid_until = s->pso_valid_until;
	}
}

static void activity_from(const struct gen *g, const struct demo_realisation *x,
			  size_t index, char *id, size_t id_size, char *cand,
			  size_t cand_size, struct activity *a)
{
	activity_init(a);
	snprintf(id, id_size, "r%zu", index);
	a->id = id;
	activity_kind_from_name(x->kind, &a->kind);
	a->order = (int64_t)index;
	a->status = strcmp(x->status, "accepted") == 0	 ? REALISATION_ACCEPTED
		    : strcmp(x->status, "reported") == 0 ? REALISATION_PENDING
							 : REALISATION_REJECTED;
	a->has_period = true;
	a->start = x->start;
	a->end = x->end;
	if (x->candidate >= 0) {
		const struct demo_candidate *c =
		    &g->d->candidates[x->candidate];
		snprintf(cand, cand_size, "c%d", x->candidate);
		a->candidate = cand;
		a->target_groups = c->target_groups;
		a->age_at_start = age_on(c, x->start);
	}
	if (x->hours_centi >= 0)
		a->hours_per_week_c = x->hours_centi;
	if (x->level[0])
		a->level = strcmp(x->level, "hbo") == 0 ? LEVEL_HBO
							: x->level[0] - '0';
	a->permanent_contract = x->permanent_contract;
	if (x->prior_internship_months >= 0)
		a->prior_internship_c = x->prior_internship_months * 100;
	a->supplier_category = x->supplier_category;
	if (x->invoice_cents >= 0)
		a->invoice_cents = x->invoice_cents;
	if (x->amount_cents >= 0)
		a->amount_cents = x->amount_cents;
}

/* The value of one realisation on its own on the contract, counted up to
 * the demo's today (as the contract summary counts it: a placement that
 * runs on counts the rest in the forecast); 0 when the policy refuses
 * it. */
static bool value_alone(struct gen *g, const struct filling *f,
			const struct demo_realisation *x, int64_t *value)
{
	char id[24], cand[24];
	struct activity a;
	struct activity_value v;
	activity_from(g, x, 0, id, sizeof id, cand, sizeof cand, &a);
	a.status = REALISATION_ACCEPTED;
	if (!valuation_run(f->policy, &f->terms, &a, 1, NULL, 0, &v, g->err))
		return false;
	*value = valuation_value_until(&a, &v, g->today);
	return true;
}

/* Wage costs of a period realisation, for policies that count costs
 * incurred: hours a week x weeks x an hourly cost by kind (employer's
 * costs for a hire, a trainee's wage, an intern's allowance). */
static void set_costs(struct demo_realisation *x)
{
	int64_t rate = strcmp(x->kind, "hire") == 0  ? 2600
		       : strcmp(x->kind, "bbl") == 0 ? 1800
						     : 450;
	int64_t days = x->end - x->start + 1;
	x->amount_cents = (int64_t)x->hours_centi * days * rate / 700;
}

/* The value of x alone, after its period changed. */
static bool revalue(struct gen *g, const struct filling *f,
		    struct demo_realisation *x, int64_t *value)
{
	if (x->hours_centi >= 0 && x->amount_cents >= 0)
		set_costs(x);
	return value_alone(g, f, x, value);
}

/* Values x under the contract's policy, fitted to how the policy counts:
 * a period realisation carries its wage costs as the amount when the
 * policy values costs incurred; a social purchase that the policy has no
 * block for is reported as custom fulfilment at its invoice amount (as the
 * Haaglanden policy says). *value 0: the policy does not count it. */
static bool fit(struct gen *g, const struct filling *f,
		struct demo_realisation *x, int64_t *value)
{
	if (!value_alone(g, f, x, value))
		return false;
	if (*value > 0)
		return true;
	if (x->hours_centi >= 0 && x->amount_cents < 0) {
		set_costs(x);
		if (!value_alone(g, f, x, value))
			return false;
		if (*value <= 0)
			x->amount_cents = -1;
	} else if (strcmp(x->kind, "purchase") == 0) {
		x->kind = "custom";
		x->amount_cents = x->invoice_cents;
		if (!value_alone(g, f, x, value))
			return false;
		if (*value <= 0) {
			x->kind = "purchase";
			x->amount_cents = -1;
		}
	}
	return true;
}

/* A candidate of the organisation who fits the kind, is old enough and is
 * not counted elsewhere in the period; -1 when none is found quickly. */
static int find_candidate(struct gen *g, struct demo_rng *r, int org,
			  enum activity_kind kind, sr_date start, sr_date end,
			  int contract)
{
	size_t first = g->cand_first[org], count = g->cand_count[org];
	if (!count)
		return -1;
	for (int probe = 0; probe < 80; probe++) {
		size_t i = first + demo_rng_below(r, count);
		const struct demo_candidate *c = &g->d->candidates[i];
		int age = age_on(c, start);
		if (fits_kind(c, kind) && age >= 17 && age <= 66 &&
		    is_free(&g->busy[i], start, end, contract))
			return (int)i;
	}
	return -1;
}

static bool add_realisation(struct gen *g, const struct demo_realisation *x)
{
	struct demo_data *d = g->d;
	if (!grow(g, (void **)&d->realisations, &g->realisation_cap,
		  d->realisation_count + 1, sizeof *d->realisations))
		return false;
	d->realisations[d->realisation_count++] = *x;
	if (x->candidate >= 0 && x->hours_centi >= 0)
		take(&g->busy[x->candidate], x->start, x->end, x->contract);
	return true;
}

static int social_supplier(struct gen *g, struct demo_rng *r, int org)
{
	int found[64], n = 0;
	for (size_t i = g->sup_first[org];
	     i < g->sup_first[org] + g->sup_count[org] && n < 64; i++) {
		const char *cat = g->d->suppliers[i].category;
		if (strcmp(cat, "regular") != 0)
			found[n++] = (int)i;
	}
	return n ? found[demo_rng_below(r, (uint64_t)n)] : -1;
}

/* Proposes one realisation of kind on the contract with a start in
 * [lo, hi]; false in *ok when no candidate or supplier fits. */
static void propose(struct gen *g, struct demo_rng *r, const struct filling *f,
		    enum activity_kind kind, sr_date lo, sr_date hi,
		    struct demo_realisation *x, bool *ok)
{
	const struct demo_contract *c = &g->d->contracts[f->contract];
	memset(x, 0, sizeof *x);
	x->org = c->org;
	x->contract = f->contract;
	x->kind = activity_kind_name(kind);
	x->candidate = -1;
	x->hours_centi = -1;
	x->invoice_cents = -1;
	x->amount_cents = -1;
	x->prior_internship_months = -1;
	x->subcontractor = -1;
	x->status = "accepted";
	x->start = pick_date(r, lo, hi);
	x->end = x->start;
	*ok = false;
	if (activity_kind_has_period(kind)) {
		int months;
		switch (kind) {
		case ACTIVITY_HIRE:
			months =
			    pick_weighted(r, (const int[]){15, 35, 25, 25}, 4);
			months = (int[]){3, 6, 12, 24}[months];
			break;
		case ACTIVITY_BBL:
			months = (int)demo_rng_range(r, 10, 24);
			break;
		default:
			months = (int)demo_rng_range(r, 3, 6);
			break;
		}
		x->end = date_add_months(x->start, months) - 1;
		if (x->end > c->end)
			x->end = c->end;
		int cand = find_candidate(g, r, c->org, kind, x->start, x->end,
					  f->contract);
		if (cand < 0)
			return;
		const struct demo_candidate *p = &g->d->candidates[cand];
		x->candidate = cand;
		int32_t cap =
		    kind == ACTIVITY_HIRE || kind == ACTIVITY_BBL ? 3600 : 3200;
		x->hours_centi = p->hours_centi < cap ? p->hours_centi : cap;
		if (kind == ACTIVITY_BBL ||
		    (kind != ACTIVITY_HIRE &&
		     (p->target_groups & TG(TG_MBO_BOL)))) {
			int level =
			    p->education >= EDU_MBO1 && p->education <= EDU_MBO4
				? p->education - EDU_MBO1 + 1
				: 2;
			snprintf(x->level, sizeof x->level, "%d", level);
		}
		if (kind == ACTIVITY_HIRE) {
			x->permanent_contract = demo_rng_chance(r, 250);
			if ((p->target_groups & TG(TG_VSO_PRO)) &&
			    demo_rng_chance(r, 600))
				x->prior_internship_months =
				    (int)demo_rng_range(r, 6, 9);
			if (strcmp(c->kind, "works") == 0 &&
			    demo_rng_chance(r, 80)) {
				/* Delivered by a subcontractor of the supplier.
				 */
				size_t first = g->sup_first[c->org];
				size_t n = g->sup_count[c->org];
				int s = (int)(first + demo_rng_below(r, n));
				if (s != c->supplier &&
				    strcmp(g->d->suppliers[s].category,
					   "regular") == 0)
					x->subcontractor = s;
			}
		}
		*ok = true;
		return;
	}
	if (kind == ACTIVITY_PURCHASE) {
		int s = social_supplier(g, r, c->org);
		if (s < 0)
			return;
		x->supplier_category = g->d->suppliers[s].category;
		x->invoice_cents = demo_rng_range(r, 500, 6000) * 1000;
		*ok = true;
		return;
	}
	if (kind == ACTIVITY_TRAINING) {
		/* A course for someone of the organisation's pool (no hours:
		 * it does not take the person's time for counting). */
		size_t first = g->cand_first[c->org], n = g->cand_count[c->org];
		if (n)
			x->candidate = (int)(first + demo_rng_below(r, n));
		x->amount_cents = demo_rng_range(r, 150, 1200) * 1000;
		*ok = true;
	}
}

/* Shortens a period realisation (then lowers its hours) until its value
 * fits in room, or scales an amount down; false when even a month at 12
 * hours a week does not fit. */
static bool shrink_to(struct gen *g, const struct filling *f,
		      struct demo_realisation *x, int64_t room, int64_t *value)
{
	int64_t v;
	if (x->hours_centi < 0) {
		/* Amounts: values are proportional to them. */
		int64_t *amount =
		    x->amount_cents >= 0 ? &x->amount_cents : &x->invoice_cents;
		*amount =
		    (int64_t)((__int128)*amount * room / (*value ? *value : 1));
		if (x->invoice_cents >= 0 && x->amount_cents >= 0)
			x->invoice_cents = x->amount_cents;
		if (!value_alone(g, f, x, &v))
			return false;
		*value = v;
		return v > 0 && v <= room;
	}
	sr_date lo = x->start + 27, hi = x->end;
	if (lo > hi)
		lo = hi;
	x->end = lo;
	if (!revalue(g, f, x, &v))
		return false;
	if (v > room) {
		/* A month is too much: fewer hours. */
		int32_t hours =
		    (int32_t)((int64_t)x->hours_centi * room / (v ? v : 1));
		hours -= hours % 25;
		if (hours < 1200)
			return false;
		x->hours_centi = hours;
		if (!revalue(g, f, x, &v))
			return false;
		*value = v;
		return v > 0 && v <= room;
	}
	/* The longest period whose value fits. */
	while (lo < hi) {
		sr_date mid = lo + (hi - lo + 1) / 2;
		x->end = mid;
		if (!revalue(g, f, x, &v))
			return false;
		if (v <= room)
			lo = mid;
		else
			hi = mid - 1;
	}
	x->end = lo;
	if (!revalue(g, f, x, &v))
		return false;
	*value = v;
	return v > 0 && v <= room;
}

/* A purchase or training sized to value `want`, for the remainder. */
static bool top_up(struct gen *g, struct demo_rng *r, struct filling *f,
		   int64_t want, bool *added)
{
	*added = false;
	static const enum activity_kind kinds[] = {ACTIVITY_PURCHASE,
						   ACTIVITY_TRAINING};
	for (int k = 0; k < 2 && want > 0; k++) {
		struct demo_realisation x;
		bool ok;
		propose(g, r, f, kinds[k], f->window_lo, f->window_hi, &x, &ok);
		if (!ok)
			continue;
		int64_t v;
		if (!fit(g, f, &x, &v))
			return false;
		if (v <= 0)
			continue;
		/* Values of amounts are proportional (up to a block's cap). */
		int64_t *amount =
		    x.amount_cents >= 0 ? &x.amount_cents : &x.invoice_cents;
		*amount = (int64_t)((__int128)*amount * want / v);
		if (x.invoice_cents >= 0 && x.amount_cents >= 0)
			x.invoice_cents = x.amount_cents;
		if (!value_alone(g, f, &x, &v))
			return false;
		if (v <= 0)
			continue;
		if (!add_realisation(g, &x))
			return false;
		f->accepted += v;
		*added = true;
		return true;
	}
	return true;
}

static bool fill_contract(struct gen *g, struct demo_rng *r, int index)
{
	struct demo_contract *c = &g->d->contracts[index];
	if (c->obligation_cents <= 0 || strcmp(c->status, "draft") == 0 ||
	    strcmp(c->status, "awarded") == 0)
		return true;
	bool running = strcmp(c->status, "running") == 0;
	struct filling f = {.contract = index, .policy = policy_of(g, c)};
	terms_of(g, c, &f.terms);
	/* Counted (accepted) activities start before the last two months;
	 * what started since is still reported. */
	sr_date last = running ? g->today : c->end;
	f.window_lo = c->start;
	f.window_hi = last - 60;
	if (f.window_hi < f.window_lo)
		f.window_hi = f.window_lo;

	int target_pm, high_pm;
	switch (c->band) {
	case DEMO_BAND_NEAR:
		target_pm = (int)demo_rng_range(r, 930, 1060);
		high_pm = 1090;
		break;
	case DEMO_BAND_ABOVE:
		target_pm = (int)demo_rng_range(r, 1250, 1700);
		high_pm = 1800;
		break;
	default:
		target_pm = demo_rng_chance(r, 150)
				? (int)demo_rng_range(r, 0, 150)
				: (int)demo_rng_range(r, 200, 700);
		high_pm = 760;
		break;
	}
	int64_t target = c->obligation_cents * target_pm / 1000;
	int64_t high = c->obligation_cents * high_pm / 1000;
	static const int kind_weights[ACTIVITY_KIND_COUNT] = {
	    [ACTIVITY_HIRE] = 62,    [ACTIVITY_INTERNSHIP] = 9,
	    [ACTIVITY_BBL] = 11,     [ACTIVITY_BOL] = 3,
	    [ACTIVITY_TRAINING] = 6, [ACTIVITY_PURCHASE] = 9,
	};
	bool window = running ? c->start <= g->today - 90 : true;
	int added = 0;
	for (int attempt = 0;
	     window && f.accepted < target && attempt < 400 && added < 120;
	     attempt++) {
		int weights[ACTIVITY_KIND_COUNT];
		for (int k = 0; k < ACTIVITY_KIND_COUNT; k++)
			weights[k] = f.refused[k] >= 6 ? 0 : kind_weights[k];
		bool any = false;
		for (int k = 0; k < ACTIVITY_KIND_COUNT; k++)
			any |= weights[k] > 0;
		if (!any)
			break;
		enum activity_kind kind = (enum activity_kind)pick_weighted(
		    r, weights, ACTIVITY_KIND_COUNT);
		struct demo_realisation x;
		bool ok;
		propose(g, r, &f, kind, f.window_lo, f.window_hi, &x, &ok);
		if (!ok) {
			f.refused[kind]++;
			continue;
		}
		int64_t v;
		if (!fit(g, &f, &x, &v))
			return false;
		if (v <= 0) {
			f.refused[kind]++;
			continue;
		}
		if (f.accepted + v > high &&
		    !shrink_to(g, &f, &x, high - f.accepted, &v))
			break;
		if (!add_realisation(g, &x))
			return false;
		f.accepted += v;
		added++;
	}
	if (window && f.accepted < target) {
		bool topped;
		if (!top_up(g, r, &f, (target + high) / 2 - f.accepted,
			    &topped))
			return false;
	}
	/* Reported, not yet verified: what started in the last two months of
	 * a running contract. */
	if (running) {
		int pending = (int)demo_rng_range(r, 0, 2);
		sr_date lo =
		    g->today - 59 > c->start ? g->today - 59 : c->start;
		for (int i = 0; i < pending; i++) {
			struct demo_realisation x;
			bool ok;
			propose(g, r, &f, ACTIVITY_HIRE, lo, g->today, &x, &ok);
			int64_t v;
			if (!ok)
				continue;
			if (!fit(g, &f, &x, &v))
				return false;
			if (v <= 0)
				continue;
			x.status = "reported";
			if (!add_realisation(g, &x))
				return false;
		}
	}
	/* Now and then one the consultant turned down. */
	if (window && demo_rng_chance(r, 150)) {
		struct demo_realisation x;
		bool ok;
		propose(g, r, &f,
			demo_rng_chance(r, 700) ? ACTIVITY_HIRE
						: ACTIVITY_INTERNSHIP,
			f.window_lo, f.window_hi, &x, &ok);
		int64_t v = 0;
		if (ok && !fit(g, &f, &x, &v))
			return false;
		if (ok && v > 0) {
			x.status = "rejected";
			x.reject_reason = reject_reasons[demo_rng_below(
			    r, REJECT_REASON_COUNT)];
			if (!add_realisation(g, &x))
				return false;
		}
	}
	return true;
}

/* Values every contract's realisations together, as the API does, and
 * stores value and explanation. */
static bool value_contract(struct gen *g, size_t first, size_t n)
{
	if (n == 0)
		return true;
	struct demo_data *d = g->d;
	struct demo_realisation *xs = &d->realisations[first];
	struct demo_contract *c = &d->contracts[xs[0].contract];
	struct contract_terms terms;
	const struct policy *policy = policy_of(g, c);
	terms_of(g, c, &terms);
	struct activity *acts = calloc(n, sizeof *acts);
	struct activity_value *vals = calloc(n, sizeof *vals);
	char(*ids)[24] = calloc(n, sizeof *ids);
	char(*cands)[24] = calloc(n, sizeof *cands);
	bool ok = acts && vals && ids && cands;
	if (!ok)
		oom(g);
	for (size_t i = 0; ok && i < n; i++)
		activity_from(g, &xs[i], first + i, ids[i], sizeof ids[i],
			      cands[i], sizeof cands[i], &acts[i]);
	ok =
	    ok && valuation_run(policy, &terms, acts, n, NULL, 0, vals, g->err);
	for (size_t i = 0; ok && i < n; i++) {
		struct demo_realisation *x = &xs[i];
		x->value_cents =
		    vals[i].refusal == REFUSAL_NONE ? vals[i].value : 0;
		x->refusal = refusal_code(vals[i].refusal);
		json_t *e = valuation_explain(policy, &acts[i], &vals[i]);
		x->explanation =
		    e ? json_dumps(e, JSON_COMPACT) : NULL;
		json_decref(e);
		if (!x->explanation) {
			ok = oom(g);
			break;
		}
		/* As the summary counts them: up to today. */
		int64_t until =
		    valuation_value_until(&acts[i], &vals[i], g->today);
		if (strcmp(x->status, "accepted") == 0)
			c->accepted_cents += until;
		else if (strcmp(x->status, "reported") == 0)
			c->pending_cents += until;
		else
			c->rejected_cents += until;
	}
	free(acts);
	free(vals);
	free(ids);
	free(cands);
	return ok;
}

static bool make_realisations(struct gen *g)
{
	struct demo_data *d = g->d;
	struct demo_rng r;
	demo_rng_seed(&r, g->seed, STREAM_REALISATIONS);
	for (size_t i = 0; i < d->contract_count; i++) {
		size_t first = d->realisation_count;
		if (!fill_contract(g, &r, (int)i))
			return false;
		/* In order of start, so that ids follow the calendar. */
		struct demo_realisation *xs = d->realisations + first;
		size_t n = d->realisation_count - first;
		for (size_t k = 1; k < n; k++) {
			struct demo_realisation t = xs[k];
			size_t j = k;
			while (j > 0 && xs[j - 1].start > t.start) {
				xs[j] = xs[j - 1];
				j--;
			}
			xs[j] = t;
		}
		if (!value_contract(g, first, n))
			return false;
		if ((i & 63) == 63 || i + 1 == d->contract_count)
			report(g, "realisations", i + 1, d->contract_count);
	}
	/* Who is at work today. */
	for (size_t i = 0; i < d->realisation_count; i++) {
		const struct demo_realisation *x = &d->realisations[i];
		if (x->candidate >= 0 && x->hours_centi >= 0 &&
		    strcmp(x->status, "rejected") != 0 &&
		    x->start <= g->today && x->end >= g->today)
			d->candidates[x->candidate].status = CAND_PLACED;
	}
	struct demo_rng a;
	demo_rng_seed(&a, g->seed, STREAM_CANDIDATES + 100);
	for (size_t i = 0; i < d->candidate_count; i++)
		if (d->candidates[i].status == CAND_ACTIVE &&
		    demo_rng_chance(&a, 30))
			d->candidates[i].status = CAND_ARCHIVED;
	return true;
}

/* ---- openings ------------------------------------------------------------ */

static bool make_openings(struct gen *g, int64_t total)
{
	struct demo_data *d = g->d;
	size_t ns = d->supplier_count;
	if (ns == 0)
		return true;
	/* Suppliers with running or awarded contracts post the most. */
	size_t *live = calloc(ns + 1, sizeof *live);
	int64_t *cum = calloc(ns, sizeof *cum);
	d->openings = calloc((size_t)total, sizeof *d->openings);
	bool ok = live && cum && d->openings;
	size_t *start = NULL;
	int *list = NULL;
	if (ok) {
		for (size_t i = 0; i < d->contract_count; i++) {
			const struct demo_contract *c = &d->contracts[i];
			if (c->supplier >= 0 &&
			    (strcmp(c->status, "running") == 0 ||
			     strcmp(c->status, "awarded") == 0))
				live[c->supplier + 1]++;
		}
		/* live becomes a CSR index of each supplier's live contracts.
		 */
		for (size_t i = 0; i < ns; i++)
			live[i + 1] += live[i];
		start = calloc(ns + 1, sizeof *start);
		list = calloc(live[ns] + 1, sizeof *list);
		ok = start && list;
	}
	if (ok) {
		memcpy(start, live, (ns + 1) * sizeof *start);
		for (size_t i = 0; i < d->contract_count; i++) {
			const struct demo_contract *c = &d->contracts[i];
			if (c->supplier >= 0 &&
			    (strcmp(c->status, "running") == 0 ||
			     strcmp(c->status, "awarded") == 0))
				list[start[c->supplier]++] = (int)i;
		}
		int64_t sum = 0;
		for (size_t i = 0; i < ns; i++) {
			int64_t w = 1 + 4 * (int64_t)(live[i + 1] - live[i]);
			if (d->suppliers[i].social_enterprise ||
			    strcmp(d->suppliers[i].category,
				   "sheltered_work") == 0)
				w = 3;
			sum += w;
			cum[i] = sum;
		}
		struct demo_rng r;
		demo_rng_seed(&r, g->seed, STREAM_OPENINGS);
		for (int64_t k = 0; k < total; k++) {
			int64_t x = (int64_t)demo_rng_below(&r, (uint64_t)sum);
			size_t lo = 0, hi = ns - 1;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (cum[mid] > x)
					hi = mid;
				else
					lo = mid + 1;
			}
			const struct demo_supplier *s = &d->suppliers[lo];
			struct demo_opening *o =
			    &d->openings[d->opening_count++];
			o->org = s->org;
			o->supplier = (int)lo;
			size_t nl = live[lo + 1] - live[lo];
			o->contract =
			    nl ? list[live[lo] + demo_rng_below(&r, nl)] : -1;
			static const char *const kinds[] = {
			    "job", "internship", "bbl", "bol", "training"};
			int kind = pick_weighted(
			    &r, (const int[]){58, 13, 12, 7, 10}, 5);
			o->kind = kinds[kind];
			int sector = s->sector;
			o->occupation = g->sector_esco[sector][demo_rng_below(
			    &r, (uint64_t)g->sector_esco_count[sector])];
			const struct ref_occupation *occ =
			    &g->ref->occupations[o->occupation];
			static const char *const suffix[] = {
			    "", " (stage)", " (BBL-leerbaan)", " (BOL-stage)",
			    " (leerwerktraject)"};
			char label[120];
			snprintf(label, sizeof label, "%s", occ->label_nl);
			if (label[0] >= 'a' && label[0] <= 'z')
				label[0] = (char)(label[0] - 'a' + 'A');
			snprintf(o->title, sizeof o->title, "%s%s", label,
				 suffix[kind]);
			/* Where the work is: at the supplier, or in a
			 * neighbouring postcode area. */
			int pc4 = (s->postcode[0] - '0') * 1000 +
				  (s->postcode[1] - '0') * 100 +
				  (s->postcode[2] - '0') * 10 +
				  (s->postcode[3] - '0');
			const struct ref_pc4 *own = refdata_pc4(pc4);
			int idx = (int)(own - g->ref->pc4s);
			int choice =
			    pick_weighted(&r, (const int[]){35, 25, 40}, 3);
			if (choice == 0)
				memcpy(o->postcode, s->postcode, 8);
			else if (choice == 1)
				make_postcode(g, &r, idx, o->postcode);
			else
				make_postcode(
				    g, &r,
				    neighbours(g, idx)[demo_rng_below(&r, 4)],
				    o->postcode);
			static const int32_t hours[][4] = {
			    {2400, 3200, 3600, 3800},
			    {1600, 2400, 3200, 3200},
			    {3200, 3600, 3600, 3800},
			    {1600, 2400, 3200, 2400},
			    {800, 1200, 1600, 2000}};
			o->hours_centi = hours[kind][demo_rng_below(&r, 4)];
			o->positions =
			    pick_weighted(&r, (const int[]){50, 25, 12, 8, 5},
					  5) +
			    1;
			int status =
			    pick_weighted(&r, (const int[]){70, 20, 10}, 3);
			static const char *const statuses[] = {"open", "filled",
							       "closed"};
			o->status = statuses[status];
			o->start =
			    status == 0
				? pick_date(&r, g->today + 7, g->today + 150)
			    : status == 1
				? pick_date(&r, g->today - 300, g->today - 7)
				: pick_date(&r, g->today - 200, g->today + 30);
			o->max_travel_km =
			    demo_rng_chance(&r, 500)
				? -1
				: (int)demo_rng_range(&r, 3, 8) * 5;
			o->requires_licence =
			    strncmp(occ->isco, "83", 2) == 0 ||
			    demo_rng_chance(&r, 70);
			o->min_education_level = NULL;
			if (kind == 0 && demo_rng_chance(&r, 250))
				o->min_education_level = "mbo2";
			else if (kind == 0 && demo_rng_chance(&r, 130))
				o->min_education_level = "vo";
			if ((k & 1023) == 1023 || k + 1 == total)
				report(g, "openings", (size_t)k + 1,
				       (size_t)total);
		}
	}
	free(live);
	free(cum);
	free(start);
	free(list);
	return ok ? true : oom(g);
}

/* ---- the whole ----------------------------------------------------------- */

bool demo_generate(enum demo_scale scale, uint64_t seed,
		   const struct policy *const policies[DEMO_POLICY_COUNT],
		   const struct demo_progress *progress, struct demo_data *out,
		   struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	out->scale = scale;
	out->seed = seed;
	struct gen g = {
	    .d = out, .seed = seed, .err = err, .progress = progress};
	for (int i = 0; i < DEMO_POLICY_COUNT; i++)
		out->policies[i] = policies ? policies[i] : NULL;
	g.today = demo_today();
	g.ref = refdata_get();
	if (!g.ref)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	struct demo_rng keys;
	demo_rng_seed(&keys, seed, STREAM_KEYS);
	g.kvk_offset = demo_rng_below(&keys, 90000000);
	bool ok = prepare_tables(&g) && make_orgs(&g, scale) &&
		  make_policy_versions(&g);
	if (ok) {
		size_t n = out->org_count;
		g.places = calloc(n, sizeof *g.places);
		g.cand_first = calloc(n, sizeof *g.cand_first);
		g.cand_count = calloc(n, sizeof *g.cand_count);
		g.sup_first = calloc(n, sizeof *g.sup_first);
		g.sup_count = calloc(n, sizeof *g.sup_count);
		g.nbr = calloc(g.ref->pc4_count, sizeof *g.nbr);
		g.nbr_done = calloc(g.ref->pc4_count, sizeof *g.nbr_done);
		ok = (g.places && g.cand_first && g.cand_count && g.sup_first &&
		      g.sup_count && g.nbr && g.nbr_done) ||
		     oom(&g);
		for (size_t o = 0; ok && o < n; o++)
			if (!out->orgs[o].is_region)
				ok = build_places(&g, (int)o);
	}
	const struct scale_size *size = &scale_sizes[scale];
	ok = ok && make_contracts(&g) && assign_bands(&g) &&
	     make_candidates(&g, size->candidates) && make_realisations(&g) &&
	     make_openings(&g, size->openings);
	if (g.places)
		for (size_t o = 0; o < out->org_count; o++) {
			free(g.places[o].pc4);
			free(g.places[o].cum);
		}
	free(g.places);
	free(g.cand_first);
	free(g.cand_count);
	free(g.sup_first);
	free(g.sup_count);
	free(g.busy);
	free(g.wanted);
	for (int m = 0; m < 10; m++)
		free(g.major[m]);
	free(g.nbr);
	free(g.nbr_done);
	return ok;
}

void demo_data_free(struct demo_data *d)
{
	for (size_t i = 0; i < d->realisation_count; i++)
		free(d->realisations[i].explanation);
	for (size_t i = 0; i < d->contract_count; i++)
		free(d->contracts[i].obligation_explanation);
	free(d->orgs);
	free(d->policy_versions);
	free(d->suppliers);
	free(d->contracts);
	free(d->candidates);
	free(d->openings);
	free(d->realisations);
	memset(d, 0, sizeof *d);
}

/* ---- ids and text -------------------------------------------------------- */

size_t demo_record_count(const struct demo_data *d)
{
	return d->org_count + d->policy_version_count + d->supplier_count +
	       d->contract_count + d->candidate_count + d->opening_count +
	       d->realisation_count;
}

int64_t demo_record_id(const struct demo_data *d, enum demo_kind kind,
		       size_t index)
{
	size_t base = 0;
	const size_t counts[] = {d->org_count,	      d->policy_version_count,
				 d->supplier_count,   d->contract_count,
				 d->candidate_count,  d->opening_count,
				 d->realisation_count};
	for (int k = 0; k < (int)kind; k++)
		base += counts[k];
	return (int64_t)(base + index);
}

bool demo_groups_json(uint32_t groups, char *buf, size_t size)
{
	size_t n = 0;
	int w = snprintf(buf, size, "[");
	n = (size_t)w;
	bool first = true;
	for (int i = 0; i < TARGET_GROUP_COUNT; i++) {
		if (!(groups & (1u << i)))
			continue;
		w = snprintf(buf + n, n < size ? size - n : 0, "%s\"%s\"",
			     first ? "" : ",", target_groups[i].name);
		n += (size_t)w;
		first = false;
		if (n >= size)
			return false;
	}
	w = snprintf(buf + n, n < size ? size - n : 0, "]");
	return n + (size_t)w < size;
}

bool demo_occupations_json(const struct demo_candidate *c, char *buf,
			   size_t size)
{
	const struct refdata *ref = refdata_get();
	size_t n = (size_t)snprintf(buf, size, "[");
	for (int i = 0; i < c->occupation_count && n < size; i++)
		n += (size_t)snprintf(
		    buf + n, size - n, "%s\"%s\"", i ? "," : "",
		    ref->occupations[c->occupations[i]].esco_code);
	if (n >= size)
		return false;
	n += (size_t)snprintf(buf + n, size - n, "]");
	return n < size;
}

void demo_birth_month_text(const struct demo_candidate *c, char out[8])
{
	unsigned y = (unsigned)c->birth_year % 10000u;
	unsigned m = (unsigned)c->birth_month % 13u;
	snprintf(out, 8, "%04u-%02u", y, m);
}

int demo_main_org(const struct demo_data *d)
{
	int best = -1;
	for (size_t i = 0; i < d->org_count; i++) {
		const struct demo_org *o = &d->orgs[i];
		if (!o->is_region &&
		    (best < 0 || o->municipality->inhabitants >
				     d->orgs[best].municipality->inhabitants))
			best = (int)i;
	}
	return best;
}

int demo_main_supplier(const struct demo_data *d, int org)
{
	int best = -1, best_n = 0;
	for (size_t s = 0; s < d->supplier_count; s++) {
		if (d->suppliers[s].org != org)
			continue;
		int n = 0;
		for (size_t i = 0; i < d->contract_count; i++)
			n += d->contracts[i].supplier == (int)s &&
			     strcmp(d->contracts[i].status, "running") == 0;
		if (best < 0 || n > best_n) {
			best = (int)s;
			best_n = n;
		}
	}
	return best;
}

void demo_band_counts(const struct demo_data *d, struct demo_band_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < d->contract_count; i++) {
		const struct demo_contract *c = &d->contracts[i];
		if (c->obligation_cents <= 0)
			continue;
		out->with_obligation++;
		int64_t pm = c->accepted_cents * 1000 / c->obligation_cents;
		if (pm < 800)
			out->below++;
		else if (pm >= 900 && pm <= 1100)
			out->near++;
		else if (pm > 1200)
			out->above++;
		else
			out->other++;
	}
}
