/* The demo's content: believable requests, messages, people and
 * departments, and the reference request 19-5156 event by event
 * (shared/reference/request-19-5156.txt). Pure data; demo.c loads it. */
#ifndef DISCLOSE_DEMO_DATA_H
#define DISCLOSE_DEMO_DATA_H

#include <stddef.h>

struct demo_department {
	const char *name;       /* "Police Department (LAPD)" */
	const char *short_name; /* "LAPD" */
};

struct demo_staff {
	const char *name;       /* as bylines show it */
	const char *title;      /* may be "" */
	const char *email;
	const char *role;       /* admin, department_admin, publisher, staff */
	int department;         /* index into demo_departments, -1 for none */
};

struct demo_requester {
	const char *name, *email, *phone, *organisation;
};

/* One event of the reference request. Times are local (America/Los_Angeles)
 * "YYYY-MM-DD HH:MM" as the page shows them. */
struct demo_event {
	const char *kind;     /* opened, department_assigned, message, due_date_changed, closed, published */
	const char *level;    /* public, requester, staff */
	const char *at_local; /* "2019-09-12 12:04" */
	int actor;            /* index into demo_staff, -1: none shown, -2: the requester */
	const char *body;     /* Markdown; NULL for none */
	const char *new_due;  /* due_date_changed: "2020-06-09" */
	const char *old_due;  /* due_date_changed: "2020-05-12" */
};

struct demo_reference {
	const char *number;       /* "19-5156" */
	const char *description;
	const char *received_local;
	const char *channel;      /* "web" */
	int department;           /* index into demo_departments */
	int point_of_contact;     /* index into demo_staff */
	const char *requester_email;
	const char *status;       /* "closed" */
	const struct demo_event *events; /* oldest first */
	size_t n_events;
};

/* A request topic: a description template and what usually follows. */
struct demo_topic {
	const char *description;
	int department;          /* index into demo_departments */
};

extern const struct demo_department demo_departments[];
extern const size_t demo_n_departments;
extern const struct demo_staff demo_staff[];
extern const size_t demo_n_staff;
extern const struct demo_requester demo_requesters[];
extern const size_t demo_n_requesters;
/* The requester with an account (and a password) who owns a few requests. */
extern const struct demo_requester demo_account;
extern const struct demo_topic demo_topics[];
extern const size_t demo_n_topics;
/* Staff messages and requester messages to pick from. */
extern const char *const demo_staff_messages[];
extern const size_t demo_n_staff_messages;
extern const char *const demo_requester_messages[];
extern const size_t demo_n_requester_messages;
extern const char *const demo_internal_notes[];
extern const size_t demo_n_internal_notes;
extern const char *const demo_closing_messages[];
extern const size_t demo_n_closing_messages;
extern const struct demo_reference demo_reference;

#endif
