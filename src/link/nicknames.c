/*
 * nicknames.c - common English given-name variants, so that "bill" meets "william" and
 * "peggy" meets "margaret". Each line is one group; a name may sit in two groups ("alex",
 * "sam", "pat"), beyond which further groups are ignored. The sorted index is built once, on first use, thread-safely.
 */
#include "nicknames.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const name_groups[] = {
	"william bill billy will willy liam wills",
	"robert bob bobby rob robbie bert",
	"richard rick ricky dick rich richie",
	"james jim jimmy jamie jimi",
	"john jack johnny jon",
	"jonathan jonny",
	"margaret maggie peggy meg madge marge margie greta",
	"elizabeth liz lizzie beth betty bess bessie eliza libby lisa elisabeth",
	"katherine kate katie kathy cathy catherine kath kathryn kathleen kitty",
	"edward ed eddie ted teddy ned",
	"thomas tom tommy",
	"michael mike mikey mick mickey",
	"christopher chris kit",
	"christine chrissie tina christina kristina",
	"nicholas nick nicky",
	"anthony tony",
	"joseph joe joey",
	"daniel dan danny",
	"david dave davy",
	"stephen steve steven stevie",
	"alexander alex alec sandy xander",
	"alexandra alex sandra lexi",
	"benjamin ben benny",
	"samuel sam sammy",
	"samantha sam sammie",
	"matthew matt matty",
	"andrew andy drew",
	"charles charlie chuck chas",
	"henry harry hal hank",
	"patrick pat paddy",
	"patricia pat patsy trish tricia",
	"peter pete",
	"gerald gerry jerry",
	"lawrence larry laurence laurie",
	"frederick fred freddie freddy",
	"francis frank frankie",
	"kenneth ken kenny",
	"timothy tim timmy",
	"gregory greg",
	"jeffrey jeff geoffrey geoff",
	"raymond ray",
	"ronald ron ronnie",
	"donald don donnie",
	"douglas doug",
	"leonard len lenny leo",
	"albert al bert albie",
	"alfred alf alfie fred",
	"arthur art artie",
	"walter walt wally",
	"zachary zach zac zack",
	"joshua josh",
	"nathaniel nathan nat nate",
	"jacob jake",
	"isaac ike",
	"oliver ollie olly",
	"susan sue susie suzanne",
	"deborah debbie deb debra",
	"rebecca becky becca",
	"jennifer jenny jen jenna",
	"jessica jess jessie",
	"victoria vicky vicki tori",
	"abigail abby abbie gail",
	"dorothy dot dotty dolly",
	"barbara barb babs",
	"judith judy jude",
	"jacqueline jackie jacqui",
	"pamela pam",
	"sarah sally sara sadie",
	"mary molly polly mae mamie",
	"ann anne annie anna hannah nancy nan",
	"helen ellen nell nellie",
	"eleanor ellie nora elle",
	"caroline carol carrie carolyn",
	"valerie val",
	"theresa teresa tess terri tessa",
	"frances fran fanny",
	"josephine jo josie",
	"suzanna susanna",
	"angela angie",
	"amanda mandy",
	"melissa mel missy",
	"natalie nat",
	"stephanie steph",
	"louise lou lulu louisa",
	"virginia ginny ginger",
	"harriet hattie",
	"penelope penny",
	"lucinda lucy cindy",
	"gwendolyn gwen wendy",
	"vincent vince vinny",
	"terence terry",
	"philip phil pip phillip",
	"mohammed mohammad muhammad mohamed mohamad",
	NULL,
};

struct entry {
	char name[24];
	int group;
};

/* A fixed table, so that an allocation failure can never silently turn nicknames off. */
enum { ENTRIES_MAX = 1024 };
static struct entry entries[ENTRIES_MAX];
static size_t entry_count;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int by_name_then_group(const void *a, const void *b)
{
	int c = by_name(a, b);

	return c ? c : ((const struct entry *)a)->group - ((const struct entry *)b)->group;
}

static size_t count_words(void)
{
	size_t n = 0;

	for (size_t g = 0; name_groups[g]; g++)
		for (const char *p = name_groups[g]; *p; p++)
			n += (p == name_groups[g] || p[-1] == ' ') && *p != ' ';
	return n;
}

static void build_index(void)
{
	assert(count_words() <= ENTRIES_MAX);
	for (size_t g = 0; name_groups[g]; g++) {
		const char *p = name_groups[g];
		while (*p) {
			size_t length = strcspn(p, " ");
			struct entry *e = &entries[entry_count++];
			memcpy(e->name, p, length < sizeof e->name ? length : sizeof e->name - 1);
			e->group = (int)g;
			p += length + (p[length] == ' ');
		}
	}
	/* a repeated name's groups then sit side by side, in file order */
	qsort(entries, entry_count, sizeof *entries, by_name_then_group);
}

void nickname_groups(const char *name, size_t length, int16_t groups[2])
{
	struct entry key;
	const struct entry *found, *end;

	groups[0] = groups[1] = -1;
	pthread_once(&once, build_index);
	if (length >= sizeof key.name)
		return;
	memset(key.name, 0, sizeof key.name);
	memcpy(key.name, name, length);
	found = bsearch(&key, entries, entry_count, sizeof *entries, by_name);
	if (!found)
		return;
	while (found > entries && strcmp(found[-1].name, key.name) == 0)
		found--;
	end = entries + entry_count;
	groups[0] = (int16_t)found->group;
	if (found + 1 < end && strcmp(found[1].name, key.name) == 0)
		groups[1] = (int16_t)found[1].group;
}

const char *nickname_group_names(int group)
{
	static const int count = (int)(sizeof name_groups / sizeof name_groups[0]) - 1;

	return group >= 0 && group < count ? name_groups[group] : NULL;
}
