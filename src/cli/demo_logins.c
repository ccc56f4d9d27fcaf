/* demo_logins.c: see demo_logins.h. */
#include "cli/demo_logins.h"

#include <stdlib.h>

#include "base/crypto.h"
#include "store/user_store.h"

const struct demo_login demo_logins[] = {
    {"administrator", "administrator@demo.example", "demo-administrator"},
    {"consultant", "consultant@demo.example", "demo-consultant"},
    {"buyer", "buyer@demo.example", "demo-buyer"},
    {"jobcoach", "jobcoach@demo.example", "demo-jobcoach"},
    {"supplier", "supplier@demo.example", "demo-supplier"},
    {"auditor", "auditor@demo.example", "demo-auditor"},
    {NULL, NULL, NULL},
};

bool demo_logins_create(struct store *s, int64_t org_id, int64_t supplier_id,
			struct sr_error *err)
{
	if (!crypto_init())
		return sr_fail(err, 500, "crypto_unavailable", "",
			       "libsodium failed to initialise");
	for (const struct demo_login *d = demo_logins; d->role; d++) {
		bool supplier = d->role[0] == 's' && d->role[1] == 'u';
		if (!store_user_create(s, org_id, d->email, d->role,
				       supplier ? supplier_id : 0, d->password,
				       err))
			return false;
	}
	return true;
}

void demo_logins_print(FILE *out)
{
	fprintf(out, "demo logins (change or disable them before others can "
		     "reach this server):\n");
	for (const struct demo_login *d = demo_logins; d->role; d++)
		fprintf(out, "  %-14s %-28s %s\n", d->role, d->email,
			d->password);
}

bool demo_logins_active(struct store *s, int *count, struct sr_error *err)
{
	*count = 0;
	for (const struct demo_login *d = demo_logins; d->role; d++) {
		struct user_login u;
		bool found = false;
		if (!store_user_for_login(s, d->email, &u, &found, err))
			return false;
		if (found && !u.disabled &&
		    crypto_password_verify(u.password_hash, d->password))
			(*count)++;
		user_login_free(&u);
	}
	return true;
}
