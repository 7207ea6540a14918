/* editor.c: text from the user's editor (editor.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "plantrack/editor.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/strbuf.h"

/* Is name an executable file in one of $PATH's directories? */
static int on_path(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	struct strbuf sb = STRBUF_INIT;
	int found = 0;

	for (p = path && *path ? path : "/usr/bin:/bin"; !found && *p; p = end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		strbuf_reset(&sb);
		if (end > p)
			strbuf_add(&sb, p, (size_t)(end - p));
		else
			strbuf_addch(&sb, '.');
		strbuf_addch(&sb, '/');
		strbuf_addstr(&sb, name);
		found = access(sb.buf, X_OK) == 0;
		if (*end == ':')
			end++;
	}
	strbuf_release(&sb);
	return found;
}

/* The user's choice, as git and crontab -e make it. */
static const char *editor_command(void)
{
	const char *e = getenv("VISUAL");

	if (!e || !*e)
		e = getenv("EDITOR");
	if (!e || !*e)
		e = on_path("editor") ? "editor" : "vi";
	return e;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Runs "sh -c 'EDITOR "$@"' EDITOR path" and waits, as system(3) does:
 * the editor, not plantrack, answers ^C while it runs. */
static int run_editor(const char *cmd, const char *path)
{
	struct sigaction ign, old_int, old_quit;
	struct strbuf script = STRBUF_INIT;
	pid_t pid;
	int st, ret = EX_UNAVAILABLE;

	strbuf_addf(&script, "%s \"$@\"", cmd);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid < 0) {
		error(_("cannot start the editor: %s"), err_strerror(errno));
		ret = EX_OSERR;
		goto out;
	}
	if (pid == 0) {
		gid_t g = getgid();

		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		/* Not even the saved group survives into the editor. */
		if (setregid(g, g) != 0)
			_exit(126);
		execl("/bin/sh", "sh", "-c", script.buf, cmd, path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			error(_("cannot wait for the editor: %s"),
			      err_strerror(errno));
			goto out;
		}
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		ret = 0;
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		error(_("cannot run the editor '%s' (set VISUAL or EDITOR to "
			"an editor that is installed, for example nano)"), cmd);
	else if (WIFEXITED(st))
		error(_("the editor '%s' failed (exit status %d); nothing was "
			"recorded"), cmd, WEXITSTATUS(st));
	else
		error(_("the editor '%s' was stopped (signal %d); nothing was "
			"recorded"), cmd, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	strbuf_release(&script);
	return ret;
}

static int read_back(const char *path, char **out, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd, ret = EX_IOERR;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		error(_("cannot read back what the editor saved in %s: %s"),
		      path, err_strerror(errno));
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error(_("cannot read back what the editor saved in %s: "
				"%s"), path, err_strerror(errno));
			goto out;
		}
		if (sb.len + (size_t)n > EDITOR_MAX_TEXT) {
			error(_("the text saved in the editor is longer than "
				"%u bytes"), EDITOR_MAX_TEXT);
			ret = EX_DATAERR;
			goto out;
		}
		strbuf_add(&sb, chunk, (size_t)n);
	}
	*len = sb.len;
	*out = strbuf_detach(&sb, NULL);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&sb);
	return ret;
}

int editor_edit(const char *tmpl, const char *name, char **out, size_t *len)
{
	struct strbuf path = STRBUF_INIT;
	const char *dir = getenv("TMPDIR");
	int fd, created = 0, ret = EX_CANTCREAT;

	*out = NULL;
	*len = 0;
	if (!dir || dir[0] != '/')
		dir = "/tmp";
	strbuf_addf(&path, "%s/plantrack-%s-XXXXXX.txt", dir, name);
	fd = mkstemps(path.buf, 4);
	if (fd < 0) {
		error(_("cannot create a temporary file for the editor in %s: "
			"%s"), dir, err_strerror(errno));
		goto out;
	}
	created = 1;
	if (write_all(fd, tmpl, strlen(tmpl)) != 0) {
		error(_("cannot write the temporary file %s: %s"), path.buf,
		      err_strerror(errno));
		close(fd);
		ret = EX_IOERR;
		goto out;
	}
	if (close(fd) != 0) {
		error(_("cannot write the temporary file %s: %s"), path.buf,
		      err_strerror(errno));
		ret = EX_IOERR;
		goto out;
	}
	ret = run_editor(editor_command(), path.buf);
	if (!ret)
		ret = read_back(path.buf, out, len);
out:
	if (created)
		unlink(path.buf);
	strbuf_release(&path);
	return ret;
}

size_t editor_strip(char *text, size_t len)
{
	size_t i = 0, o = 0, blanks = 0;

	if (!text)
		return 0;
	while (i < len) {
		size_t start = i, end, eol;

		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		eol = i;
		/* CRLF and CR end a line as LF does. */
		if (i < len && text[i] == '\r')
			i++;
		if (i < len && text[i] == '\n')
			i++;
		if (eol > start && text[start] == '#')
			continue;
		end = eol;
		while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
			end--;
		if (end == start) {
			/* Empty: kept only between paragraphs. */
			if (o)
				blanks++;
			continue;
		}
		if (o) {
			text[o++] = '\n';
			if (blanks)
				text[o++] = '\n';
		}
		blanks = 0;
		memmove(text + o, text + start, end - start);
		o += end - start;
	}
	text[o] = '\0';
	return o;
}
