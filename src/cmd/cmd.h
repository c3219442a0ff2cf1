/* Subcommands of the disclose binary. Each returns the process exit code:
 * 0 ok, 1 runtime failure (with a message that says what to do), 2 usage
 * error (with a one-line message). */
#ifndef DISCLOSE_CMD_H
#define DISCLOSE_CMD_H

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* cmd_main dispatches argv[1] to its subcommand. */
int cmd_main(int argc, char **argv);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_worker(int argc, char **argv);
int cmd_mail_in(int argc, char **argv);

#endif
