/* test_target_groups.c: the national vocabulary and its bitmask. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/target_groups.h"

static void finds_every_group_by_name_with_its_own_bit(void **state)
{
	(void)state;
	static const char *const names[] = {"participatiewet",
					    "ww",
					    "wia",
					    "ioaw_ioaz",
					    "banenafspraak",
					    "no_benefit",
					    "young_no_qualification",
					    "vso_pro",
					    "mbo_bol",
					    "mbo_bbl",
					    "statushouder",
					    "work_disability"};
	uint32_t seen = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct target_group *g = target_group_find(names[i]);
		assert_non_null(g);
		assert_string_equal(g->name, names[i]);
		assert_true(g->label_nl[0] && g->label_en[0]);
		assert_int_equal(seen & g->bit, 0);
		seen |= g->bit;
		uint32_t bit;
		assert_true(target_group_bit(names[i], &bit));
		assert_int_equal(bit, g->bit);
		assert_int_equal(target_group_first(bit), (int)i);
	}
	assert_int_equal(seen, target_groups_all());
}

static void refuses_names_outside_the_vocabulary(void **state)
{
	(void)state;
	uint32_t bit = 7;
	assert_null(target_group_find("bijstand"));
	assert_null(target_group_find(NULL));
	assert_false(target_group_bit("Participatiewet", &bit));
	assert_int_equal(bit, 7);
	assert_int_equal(target_group_first(0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(finds_every_group_by_name_with_its_own_bit),
	    cmocka_unit_test(refuses_names_outside_the_vocabulary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
