/* The route table: every URL of the portal, in one place (routes.c). */
#ifndef DISCLOSE_ROUTES_H
#define DISCLOSE_ROUTES_H

#include <stddef.h>

#include <jansson.h>

#include "web/router.h"

extern const struct route routes[];
extern const size_t n_routes;

/* Handlers, one file per area of the site, and the choices their
 * parameters accept. */
int page_home(struct web_ctx *c);
int page_request_new(struct web_ctx *c);
int post_request(struct web_ctx *c);
int page_staff_request_new(struct web_ctx *c);
int post_staff_request(struct web_ctx *c);
int page_request_submitted(struct web_ctx *c);
int page_archive(struct web_ctx *c);
extern const char *const archive_status_choices[];
extern const char *const archive_sort_choices[];
extern const char *const archive_flag_choices[];
int page_static(struct web_ctx *c);
int page_request(struct web_ctx *c);

/* auth.c: signing in and out, registering, emailed links. */
int page_login(struct web_ctx *c);
int action_login(struct web_ctx *c);
int action_logout(struct web_ctx *c);
int action_logout_everywhere(struct web_ctx *c);
int page_login_link(struct web_ctx *c);
int action_login_link(struct web_ctx *c);
int page_login_link_use(struct web_ctx *c);
int page_register(struct web_ctx *c);
int action_register(struct web_ctx *c);
int page_password_forgot(struct web_ctx *c);
int action_password_forgot(struct web_ctx *c);
int page_password_reset(struct web_ctx *c);
int action_password_reset(struct web_ctx *c);
int page_account_verify(struct web_ctx *c);

/* account.c: the signed-in visitor's own pages. */
int page_account_requests(struct web_ctx *c);

/* staff.c: the staff workspace (actions on a request, the dashboard). */
int action_request_message(struct web_ctx *c);
int action_request_assign(struct web_ctx *c);
int action_request_contact(struct web_ctx *c);
int action_request_due_date(struct web_ctx *c);
int action_request_publish(struct web_ctx *c);
int action_request_unpublish(struct web_ctx *c);
int action_request_close(struct web_ctx *c);
int action_request_reopen(struct web_ctx *c);
int action_request_pause(struct web_ctx *c);
int action_request_resume(struct web_ctx *c);
/* Editing the record (staff_edit.c; support staff and departments in
 * staff.c), and departments' default contacts (admin_departments.c). */
int page_request_edit(struct web_ctx *c);
int action_request_edit(struct web_ctx *c);
int page_request_event(struct web_ctx *c);
int action_event_level(struct web_ctx *c);
int action_event_hide(struct web_ctx *c);
int action_event_unhide(struct web_ctx *c);
int action_event_text(struct web_ctx *c);
int action_request_support_add(struct web_ctx *c);
int action_request_support_remove(struct web_ctx *c);
int action_request_unassign(struct web_ctx *c);
int page_admin_departments(struct web_ctx *c);
int action_admin_department_contact(struct web_ctx *c);
int action_request_task(struct web_ctx *c);
int action_request_task_done(struct web_ctx *c);
int action_staff_bulk(struct web_ctx *c);
int action_request_extend(struct web_ctx *c);
int page_staff(struct web_ctx *c);
extern const char *const staff_message_levels[];
extern const char *const staff_queues[];
extern const char *const staff_sorts[];
extern const char *const staff_directions[];
extern const char *const staff_statuses[];
extern const char *const staff_bulk_actions[];
/* The most requests one bulk action takes: a page of a queue. */
enum { STAFF_BULK_MAX = 50 };

/* staff_mail.c: email held for staff, its text, files and raw source. */
int page_staff_mail(struct web_ctx *c);
int page_staff_mail_message(struct web_ctx *c);
int page_staff_mail_raw(struct web_ctx *c);
int page_staff_mail_file(struct web_ctx *c);
int action_staff_mail_attach(struct web_ctx *c);
int action_staff_mail_discard(struct web_ctx *c);
extern const char *const staff_mail_tabs[];
/* documents.c: adding documents, their pages and downloads, the list,
 * the admin's settings. */
int action_request_documents(struct web_ctx *c);
int download_request_zip(struct web_ctx *c);
int page_documents(struct web_ctx *c);
int page_document(struct web_ctx *c);
int download_document(struct web_ctx *c);
int action_document_level(struct web_ctx *c);
int action_document_replace(struct web_ctx *c);
int page_admin_documents(struct web_ctx *c);
int action_admin_documents(struct web_ctx *c);
extern const char *const document_levels[];
extern const char *const document_types[];
/* documents_view: a document row (store.h) as the pages show it. */
json_t *documents_view(const json_t *row);

/* admin_users.c: accounts, for admins. */
int page_admin_users(struct web_ctx *c);
int action_admin_user_create(struct web_ctx *c);
int page_admin_user(struct web_ctx *c);
int action_admin_user_update(struct web_ctx *c);
int action_admin_user_deactivate(struct web_ctx *c);
int action_admin_user_reactivate(struct web_ctx *c);

/* admin_wording.c: closure reasons, message templates, settings and the
 * audit log, for admins. */
int page_admin_reasons(struct web_ctx *c);
int action_admin_reason_create(struct web_ctx *c);
int page_admin_reason(struct web_ctx *c);
int action_admin_reason_update(struct web_ctx *c);
int action_admin_reason_deactivate(struct web_ctx *c);
int action_admin_reason_reactivate(struct web_ctx *c);
int page_admin_templates(struct web_ctx *c);
int action_admin_template_create(struct web_ctx *c);
int page_admin_template(struct web_ctx *c);
int action_admin_template_update(struct web_ctx *c);
int action_admin_template_deactivate(struct web_ctx *c);
int action_admin_template_reactivate(struct web_ctx *c);
int page_admin_settings(struct web_ctx *c);
int action_admin_settings(struct web_ctx *c);
int page_admin_audit(struct web_ctx *c);
/* admin_deadlines.c: rule sets, the portal's and departments' choice,
 * holiday calendars and dates, for admins. */
int page_admin_deadlines(struct web_ctx *c);
int action_admin_deadlines_portal(struct web_ctx *c);
int action_admin_deadlines_department(struct web_ctx *c);
int action_admin_deadlines_date_add(struct web_ctx *c);
int action_admin_deadlines_date_remove(struct web_ctx *c);
int action_admin_calendar_create(struct web_ctx *c);
int page_admin_rule_set_new(struct web_ctx *c);
int page_admin_rule_set(struct web_ctx *c);
int action_admin_rule_set_create(struct web_ctx *c);
int action_admin_rule_set_update(struct web_ctx *c);
int page_admin_calendar(struct web_ctx *c);
int action_admin_holiday_add(struct web_ctx *c);
int action_admin_holiday_active(struct web_ctx *c);
int page_admin_holiday_rule(struct web_ctx *c);
int action_admin_holiday_update(struct web_ctx *c);
int action_admin_rule_set_active(struct web_ctx *c);
extern const char *const deadline_units[];
extern const char *const holiday_kinds[];
extern const char *const holiday_weekdays[];
extern const char *const holiday_nths[];
extern const char *const holiday_months[];
extern const char *const holiday_observances[];
extern const char *const calendar_date_kinds[];
extern const char *const holiday_actives[];

/* notifications.c: email choices, the requester's opt-out link, failed
 * emails. */
int page_account_notifications(struct web_ctx *c);
int action_account_notifications(struct web_ctx *c);
int page_email_off(struct web_ctx *c);
int action_email_off(struct web_ctx *c);
int action_email_on(struct web_ctx *c);
int page_admin_mail(struct web_ctx *c);
int action_admin_mail_retry(struct web_ctx *c);
extern const char *const notify_deliveries[];

#endif
