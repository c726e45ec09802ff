#!/usr/bin/env bash
# Check an outgoing e-mail with review-note before handing it to the real sendmail.
#
#   mutt / neomutt:   set sendmail = "/path/to/review-before-send.sh /usr/sbin/sendmail -oem -oi"
#   git send-email:   git send-email --sendmail-cmd="/path/to/review-before-send.sh /usr/sbin/sendmail"
#   any script:       review-before-send.sh /usr/sbin/sendmail -t < message.eml
#
# The message (RFC 822, on standard input) is reviewed as an .eml draft: subject and body,
# without quoted replies or the signature. The findings name the message by its Subject
# (letters, digits and plain punctuation kept, at most 60 characters), not a temporary file. If review-note reports findings at or above its
# failing severity, the findings go to standard error and the send is blocked (exit 1).
# Set REVIEW_NOTE_SEND_ANYWAY=1 to send regardless; extra review-note options can be given
# in REVIEW_NOTE_OPTIONS (for example "--fail-on error").
set -euo pipefail
if [ "$#" -lt 1 ]; then
  echo "usage: review-before-send.sh SENDMAIL [SENDMAIL-ARGS...] < message" >&2
  exit 2
fi
tmp_dir=$(mktemp -d)
trap 'rm -rf "$tmp_dir"' EXIT
cat > "$tmp_dir/outgoing"
# The first Subject header (before the blank line that ends the headers), made safe as a file name.
subject=$(sed -n -e '/^\r\{0,1\}$/q' -e 's/^[Ss][Uu][Bb][Jj][Ee][Cc][Tt]:[[:space:]]*//p' "$tmp_dir/outgoing" | head -n 1 |
  LC_ALL=C tr -c 'A-Za-z0-9 ,.!?()_-' ' ' | tr -s ' ' | sed -e 's/^[ .-]*//' -e 's/ *$//' | cut -c 1-60)
mkdir "$tmp_dir/review"
message="$tmp_dir/review/${subject:-outgoing message}.eml"
mv "$tmp_dir/outgoing" "$message"
status=0
# Findings and errors name the file relative to the temporary folder: the subject, not /tmp/...
# shellcheck disable=SC2086
review-note --no-color ${REVIEW_NOTE_OPTIONS:-} "$message" 2>&1 | sed -e "s|$tmp_dir/review/||g" >&2 || status=$?
if [ "$status" -ne 0 ] && [ "${REVIEW_NOTE_SEND_ANYWAY:-0}" != "1" ]; then
  if [ "$status" -eq 1 ]; then
    echo "review-note: not sent. Fix the points above, or send anyway with REVIEW_NOTE_SEND_ANYWAY=1." >&2
  fi
  exit "$status"
fi
exec "$@" < "$message"
