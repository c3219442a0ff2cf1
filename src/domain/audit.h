/* The audit log as people read it: what each action is called. */
#ifndef DISCLOSE_AUDIT_H
#define DISCLOSE_AUDIT_H

/* The actions the portal writes, NULL-terminated, in the order the audit
 * log's filter offers them. */
extern const char *const audit_actions[];

/* audit_action_label: how an action reads ("closure_reason.create":
 * "Added a closure reason"); the action itself when unknown. */
const char *audit_action_label(const char *action);

#endif
