#include "domain/role.h"

#include <string.h>

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_PUBLIC] = "public",
	[ROLE_REQUESTER] = "requester",
	[ROLE_STAFF] = "staff",
	[ROLE_PUBLISHER] = "publisher",
	[ROLE_DEPARTMENT_ADMIN] = "department_admin",
	[ROLE_ADMIN] = "admin",
};

static const char *const role_labels[ROLE__COUNT] = {
	[ROLE_PUBLIC] = "Public",
	[ROLE_REQUESTER] = "Requester",
	[ROLE_STAFF] = "Staff",
	[ROLE_PUBLISHER] = "Publisher (records staff)",
	[ROLE_DEPARTMENT_ADMIN] = "Department admin",
	[ROLE_ADMIN] = "Administrator",
};

static const struct {
	const char *name, *label;
} levels[LEVEL__COUNT] = {
	[LEVEL_PUBLIC] = {"public", "Public"},
	[LEVEL_REQUESTER] = {"requester", "Requester + Staff"},
	[LEVEL_STAFF] = {"staff", "Staff"},
};

const char *role_name(enum role r)
{
	return r < ROLE__COUNT ? role_names[r] : "public";
}

const char *role_label(enum role r)
{
	return r < ROLE__COUNT ? role_labels[r] : "Public";
}

bool role_parse(const char *s, enum role *out)
{
	for (int r = ROLE_REQUESTER; r < ROLE__COUNT; r++)
		if (!strcmp(s, role_names[r])) {
			*out = (enum role)r;
			return true;
		}
	return false;
}

const char *level_name(enum level l)
{
	return l < LEVEL__COUNT ? levels[l].name : "staff";
}

const char *level_label(enum level l)
{
	return l < LEVEL__COUNT ? levels[l].label : "Staff";
}

bool level_parse(const char *s, enum level *out)
{
	for (int l = 0; l < LEVEL__COUNT; l++)
		if (!strcmp(s, levels[l].name)) {
			*out = (enum level)l;
			return true;
		}
	return false;
}
