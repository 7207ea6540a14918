/* i18n.h: the message catalogue (GNU gettext, text domain "plantrack").
 *
 * Every message a person reads (errors, warnings, usage, help, confirmations,
 * interface labels) is written in English in the source and goes through
 * _() (or N_() where it sits in a static table and is translated where it is
 * printed, or ngettext() for counts). po/vi.po holds the Vietnamese, which is
 * the default language. What a machine reads (JSON keys and enum names, CSV
 * headers, check's kinds, YAML keys) and the official report documents (always
 * Vietnamese, whatever the interface language) never go through it.
 */
#ifndef PLANTRACK_I18N_H
#define PLANTRACK_I18N_H

#include <libintl.h>

#define PT_TEXTDOMAIN "plantrack"

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)

#endif
