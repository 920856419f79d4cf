#!/bin/sh
# Extracts the TUI's strings (_() and N_()) into po/casebook.pot and
# merges them into each po/LANG.po; run from the source tree after
# changing interface text, then translate what msgmerge marks fuzzy or
# leaves empty.  The build compiles po/LANG.po with msgfmt.
set -eu
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 -k_ -kN_ -c/ --package-name=casebook \
	--msgid-bugs-address= -o po/casebook.pot -f po/POTFILES
for po in po/*.po; do
	msgmerge -q --update --backup=none --no-fuzzy-matching "$po" po/casebook.pot
done
rm -f po/casebook.pot
