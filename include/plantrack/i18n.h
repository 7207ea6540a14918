/* i18n.h: the message catalogue (GNU gettext, text domain "plantrack").
 *
 * Every message a person reads (errors, warnings, usage, help, confirmations,
 * interface labels) is written in English in the source and goes through
 * _() (or N_() where it sits in a static table and is translated where it is
 * printed, or ngettext() for counts). po/vi.po holds the Vietnamese, which is
 * the default language. What a machine reads (JSON keys and enum names, CSV
 * headers, check's kinds, YAML keys) and the official report documents (always
 * Vietnamese, whatever the interface language) never go through it.
 * docs/i18n.md: how to add a message, how to translate, how it is tested.
 */
#ifndef PLANTRACK_I18N_H
#define PLANTRACK_I18N_H

#include <libintl.h>

#define PT_TEXTDOMAIN "plantrack"

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)

/* The languages plantrack speaks: Vietnamese (the default) and English
 * (the messages as written in the source). */
#define I18N_DEFAULT "vi"

/* Where the language came from, for i18n_choose. Each string may be NULL. */
struct i18n_sources {
	const char *option;	/* --lang: "vi" or "en", already checked */
	const char *language;	/* $LANGUAGE, a list "fr:vi:en" */
	const char *lc_all;	/* $LC_ALL */
	const char *lc_messages;	/* $LC_MESSAGES */
	const char *setting;	/* DATA/language: "vi" or "en", already checked */
};

/* The first source that names a real language decides, in the order of
 * the struct: --lang, LANGUAGE, LC_ALL, LC_MESSAGES, the data directory's
 * setting, then I18N_DEFAULT. C, POSIX and C.UTF-8 name no language; LANG
 * is not a source (servers set it to en_US.UTF-8 or C.UTF-8 for reasons
 * that have nothing to do with the reader). A language plantrack does not
 * speak counts as English, as gettext would show the source messages; in
 * LANGUAGE's list the first of vi and en wins. Returns "vi" or "en". */
const char *i18n_choose(const struct i18n_sources *src);

/* "vi" or "en" when s is exactly one of them, else NULL: --lang and the
 * data directory's setting. */
const char *i18n_lang_name(const char *s);

/* Reads the data directory's setting, DATADIR/language: one word, vi or
 * en, and white space. Safe in a hostile directory: the file is opened
 * without following a symbolic link or blocking, must be a regular file of
 * at most 64 bytes, and is never quoted. Returns 0 and sets *lang ("vi" or
 * "en"); 1 when there is no such file (nor directory); -1 when the file is
 * refused, with the reason in *why (an untranslated message id) or, when
 * *why is NULL, in errno. */
int i18n_read_setting(const char *datadir, const char **lang,
		      const char **why);

/* Sets LC_CTYPE and LC_MESSAGES to a UTF-8 locale (C.UTF-8 when the
 * user's is not UTF-8), chooses the language (i18n_choose, reading the
 * setting of datadir only when nothing before it decides; datadir may be
 * NULL) and binds the catalogue of paths_localedir(). lang_option is
 * --lang's value, NULL when not given, ignored when it is not vi or en
 * (main reports that as a usage error). A refused setting is reported
 * with warning(). Call once, before any message. */
void i18n_init(const char *lang_option, const char *datadir);

/* The language chosen by i18n_init ("vi" or "en"); I18N_DEFAULT before. */
const char *i18n_language(void);

#endif
