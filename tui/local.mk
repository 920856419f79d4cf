# tui/: the terminal UI (ncursesw), included by Makefile.am.

casebook_SOURCES += \
	tui/tui.h tui/tui-int.h tui/tui.c tui/list.c tui/draw.c \
	tui/prompt.c tui/theme.c tui/edit.c tui/answer.c \
	tui/screen-queue.c tui/screen-incident.c tui/screen-notebook.c \
	tui/screen-history.c tui/screen-search.c tui/screen-dashboard.c \
	tui/screen-help.c tui/screen-guided.c tui/screen-pager.c \
	tui/screen-choose.c tui/complete.c tui/outbox.c tui/screen-timeline.c \
	tui/screen-report.c tui/screen-alerts.c tui/dash-alerts.c
casebook_CFLAGS += $(NCURSES_CFLAGS) \
	-DCB_THEMES_DIR='"$(themesdir)"' \
	-DCB_SOURCE_THEMES_DIR='"$(abs_top_srcdir)/themes"' \
	-DCB_LOCALEDIR='"$(localedir)"' \
	-DCB_BUILD_LOCALEDIR='"$(abs_top_builddir)/po/locale"'
casebook_LDADD += $(NCURSES_LIBS)

# Themes: git-config syntax, one file each; default is also compiled in.
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = themes/default themes/light themes/high-contrast \
	themes/mono

# Translations: po/LANG.po compiled with msgfmt into the build tree's
# po/locale/LANG/LC_MESSAGES/casebook.mo (found there when casebook runs
# from the build tree) and installed under $(localedir).
CB_LINGUAS = ja
CB_MO_FILES = po/locale/ja/LC_MESSAGES/casebook.mo
EXTRA_DIST += po/ja.po po/POTFILES po/update.sh
all-local: $(CB_MO_FILES)
po/locale/ja/LC_MESSAGES/casebook.mo: $(srcdir)/po/ja.po
	@$(MKDIR_P) po/locale/ja/LC_MESSAGES
	$(AM_V_GEN)$(MSGFMT) --check -o $@ $(srcdir)/po/ja.po
install-data-local: $(CB_MO_FILES)
	for l in $(CB_LINGUAS); do \
		$(MKDIR_P) "$(DESTDIR)$(localedir)/$$l/LC_MESSAGES" && \
		$(INSTALL_DATA) po/locale/$$l/LC_MESSAGES/casebook.mo \
		    "$(DESTDIR)$(localedir)/$$l/LC_MESSAGES/casebook.mo" || exit 1; \
	done
uninstall-local:
	for l in $(CB_LINGUAS); do \
		rm -f "$(DESTDIR)$(localedir)/$$l/LC_MESSAGES/casebook.mo"; \
	done
clean-local:
	rm -rf po/locale
MSGFMT = msgfmt

# Screen tests: the real binary in tmux (tests/tui/lib.sh).
TUI_TESTS = \
	tests/tui/sync.sh \
	tests/tui/queue.sh \
	tests/tui/incident.sh \
	tests/tui/notebook.sh \
	tests/tui/history.sh \
	tests/tui/reports.sh \
	tests/tui/shared.sh \
	tests/tui/terms.sh \
	tests/tui/guided.sh \
	tests/tui/damaged.sh \
	tests/tui/ja.sh \
	tests/tui/kinsoku.sh \
	tests/tui/head.sh \
	tests/tui/waits.sh \
	tests/tui/protected.sh \
	tests/tui/typed.sh \
	tests/tui/cert.sh \
	tests/tui/bulk.sh \
	tests/tui/fields.sh \
	tests/tui/evidence.sh \
	tests/tui/asof.sh \
	tests/tui/search.sh \
	tests/tui/layout.sh \
	tests/tui/habits.sh \
	tests/tui/hostile.sh \
	tests/tui/drafts.sh \
	tests/tui/plain.sh \
	tests/tui/outbox.sh \
	tests/tui/filter.sh \
	tests/tui/alerts.sh
TESTS += $(TUI_TESTS)
EXTRA_DIST += tests/tui/lib.sh tests/tui/alert-flows.py $(TUI_TESTS)

# The TUI's figures (not a test): make bench-tui.
EXTRA_PROGRAMS += tests/bench/bench-tui
tests_bench_bench_tui_SOURCES = tests/bench/bench-tui.c
tests_bench_bench_tui_CFLAGS = $(AM_CFLAGS) $(LIBGIT2_CFLAGS) $(JANSSON_CFLAGS)
tests_bench_bench_tui_LDADD = $(STORE_LIBS) -lutil
EXTRA_DIST += tests/bench/bench-tui.sh tests/bench/bench-tui.c
bench-tui: casebook tests/bench/bench-tui
	$(SHELL) $(srcdir)/tests/bench/bench-tui.sh
.PHONY: bench-tui

# The Alerts screen over 1,000,000 alerts (not a test): make bench-alerts-tui.
EXTRA_DIST += tests/bench/bench-alerts-tui.sh
bench-alerts-tui: casebook tests/bench/bench-tui
	TOP_SRCDIR=$(abs_top_srcdir) $(SHELL) $(srcdir)/tests/bench/bench-alerts-tui.sh
.PHONY: bench-alerts-tui

# A 5,000-character paste into a prompt, timed (not a test): make bench-paste.
EXTRA_DIST += tests/bench/paste.sh
bench-paste: casebook
	$(SHELL) $(srcdir)/tests/bench/paste.sh
.PHONY: bench-paste
