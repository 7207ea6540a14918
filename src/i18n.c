/* i18n.c: the locale, the language and the catalogue (i18n.h).
 *
 * Debian 12 has no vi_VN locale unless an administrator generates one, so
 * the language does not come from the locale: LC_MESSAGES is C.UTF-8 and
 * LANGUAGE, which glibc honours under any locale but plain C, names the
 * catalogue. plantrack sets LANGUAGE itself from its own choice, so the
 * user's variables only ever select vi or en, and the catalogue directory
 * is fixed at build time (paths.h): both matter when plantrack runs setgid.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/paths.h"
#include "plantrack/strbuf.h"

#define SETTING_FILE "language"
#define SETTING_MAX 64

static const char *chosen = I18N_DEFAULT;

const char *i18n_lang_name(const char *s)
{
	const char *ret = NULL;

	if (s && !strcmp(s, "vi"))
		ret = "vi";
	else if (s && !strcmp(s, "en"))
		ret = "en";
	return ret;
}

/* The length of the language part of a locale name s[0..len)
 * ("vi_VN.UTF-8": 2), or 0 when it names no language: C, POSIX, C.UTF-8
 * and what is not a locale name at all. */
static size_t lang_part(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] != '_' && s[n] != '.' && s[n] != '@')
		n++;
	if (n < 2 || n > 3)	/* ISO 639: two or three letters; also "C" */
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return n;
}

/* "vi", "en" for any other real language, NULL for none. */
static const char *lang_of(const char *s, size_t len)
{
	size_t n = lang_part(s, len);

	if (!n)
		return NULL;
	return n == 2 && !strncmp(s, "vi", 2) ? "vi" : "en";
}

/* LANGUAGE is a list in order of preference ("fr:vi:en"): the first of
 * vi and en, as gettext would find their catalogues. */
static const char *lang_of_list(const char *list)
{
	const char *real = NULL;

	while (list && *list) {
		size_t len = strcspn(list, ":");
		size_t n = lang_part(list, len);

		if (n == 2 && (!strncmp(list, "vi", 2) || !strncmp(list, "en", 2)))
			return lang_of(list, len);
		if (n && !real)
			real = "en";
		list += len;
		if (*list == ':')
			list++;
	}
	return real;
}

static const char *lang_of_var(const char *s)
{
	return s ? lang_of(s, strlen(s)) : NULL;
}

const char *i18n_choose(const struct i18n_sources *src)
{
	const char *l = i18n_lang_name(src->option);

	if (!l)
		l = lang_of_list(src->language);
	if (!l)
		l = lang_of_var(src->lc_all);
	if (!l)
		l = lang_of_var(src->lc_messages);
	if (!l)
		l = i18n_lang_name(src->setting);
	return l ? l : I18N_DEFAULT;
}

int i18n_read_setting(const char *datadir, const char **lang, const char **why)
{
	struct strbuf path = STRBUF_INIT;
	char buf[SETTING_MAX + 1];
	size_t len = 0, start = 0;
	struct stat st;
	ssize_t n;
	int fd, ret = -1;

	*lang = NULL;
	*why = NULL;
	strbuf_addstr(&path, datadir);
	if (path.len && path.buf[path.len - 1] != '/')
		strbuf_addch(&path, '/');
	strbuf_addstr(&path, SETTING_FILE);
	/* O_NONBLOCK: a FIFO planted here must not hang every command. */
	fd = open(path.buf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		  O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			ret = 1;
		else if (errno == ELOOP)
			*why = N_("it is a symbolic link");
		goto out;
	}
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		*why = N_("it is not a regular file");
		goto out;
	}
	/* st_size may lie (a file growing under us): the read is capped. */
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		len += (size_t)n;
	}
	if (len > SETTING_MAX) {
		*why = N_("it is larger than 64 bytes");
		goto out;
	}
	while (len && strchr(" \t\r\n", buf[len - 1]))
		len--;
	while (start < len && strchr(" \t\r\n", buf[start]))
		start++;
	buf[len] = '\0';
	*lang = i18n_lang_name(buf + start);
	if (!*lang) {
		*why = N_("it holds something else");
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0) {
		int e = errno;

		close(fd);
		errno = e;
	}
	strbuf_release(&path);
	return ret;
}

static void set_locale(void)
{
	const char *cur = setlocale(LC_CTYPE, "");

	/* Text is UTF-8 everywhere; widths need a UTF-8 LC_CTYPE even when
	 * the user's locale is C or unset (cron). */
	if (!cur || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "C.utf8");
	/* Not the user's LC_MESSAGES: under plain C glibc would ignore
	 * LANGUAGE, and the language is chosen below anyway. */
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		setlocale(LC_MESSAGES, "C.utf8");
}

void i18n_init(const char *lang_option, const char *datadir)
{
	struct i18n_sources src = {
		lang_option, getenv("LANGUAGE"), getenv("LC_ALL"),
		getenv("LC_MESSAGES"), NULL,
	};
	const char *why = NULL, *dir = paths_localedir();
	int setting = 1, setting_errno = 0;

	set_locale();
	chosen = i18n_choose(&src);
	/* The setting is read only when it decides: a cheap open, and
	 * nothing of the data directory for 'plantrack --lang en help'. */
	if (!i18n_lang_name(lang_option) && !strcmp(chosen, I18N_DEFAULT) &&
	    datadir && *datadir) {
		setting = i18n_read_setting(datadir, &src.setting, &why);
		setting_errno = errno;
		chosen = i18n_choose(&src);
	}
	/* Failure here only leaves the messages in English. */
	setenv("LANGUAGE", chosen, 1);
	bindtextdomain(PT_TEXTDOMAIN, dir);
	bind_textdomain_codeset(PT_TEXTDOMAIN, "UTF-8");
	textdomain(PT_TEXTDOMAIN);
	/* glibc's own messages (strerror) would follow LANGUAGE into
	 * libc-l10n's catalogue when that package is installed: a message
	 * must not change with the packages of the server. err_strerror()
	 * translates system errors through plantrack's catalogue instead. */
	bindtextdomain("libc", dir);
	if (setting < 0) {
		struct strbuf path = STRBUF_INIT;

		strbuf_addstr(&path, datadir);
		if (path.len && path.buf[path.len - 1] != '/')
			strbuf_addch(&path, '/');
		strbuf_addstr(&path, SETTING_FILE);
		warning(_("ignoring %s (%s): it should be a small file "
			  "holding vi or en"),
			path.buf, why ? _(why) : err_strerror(setting_errno));
		strbuf_release(&path);
	}
}

const char *i18n_language(void)
{
	return chosen;
}
