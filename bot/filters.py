"""The chat filters every feature's handlers share."""

from telegram.ext import filters

PRIVATE = filters.ChatType.PRIVATE
# Commands run on what a person just sent: an edited "/alias" is answered as an edit (basics),
# never run a second time.
PRIVATE_COMMAND = PRIVATE & filters.UpdateType.MESSAGE
GROUP_COMMAND = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE
