/**
 * The English strings of `<chat-window>`'s part loaded on first use (later.ts): its modal windows
 * (reassign, detach, quick reply, image), the attached files' chips and why files were refused. Keys of the `chat-window`
 * bundle, in that on-demand chunk (chat-window.modals.ts), which
 * adds them to the bundle's English when it arrives. Translations of them sit in the locale's `chat-window` strings.
 */
/** The English of those keys. */
export const laterStrings = {
  'done.reassign': 'Dialog reassigned to {name}.',
  'done.quickReply': 'Quick reply “{title}” saved.',
  'reassign.title': 'Reassign dialog',
  'reassign.search': 'Search operators and bots',
  'reassign.operators': 'Operators',
  'reassign.bots': 'Bots',
  'reassign.online': 'online',
  'reassign.offline': 'offline',
  'reassign.current': 'responsible now',
  'reassign.closedNote': 'The dialog is closed and stays closed after the reassignment.',
  'reassign.loseAccess': 'After you hand it to another operator you will no longer see this dialog.',
  'reassign.noMatch': 'Nobody matches “{query}”.',
  'reassign.submit': 'Reassign',
  'reassign.pick': 'Choose who takes the dialog.',
  'detach.title': 'Detach the client?',
  'detach.body': '{name} stays in the CRM: only the link between this chat and the client card goes. The client’s analytics stop being available in this dialog.',
  'detach.confirm': 'Detach client',
  'qr.title': 'Create quick reply',
  'qr.name': 'Title',
  'qr.namePlaceholder': 'Optional: the first words are used',
  'qr.text': 'Text',
  'qr.save': 'Save quick reply',
  'qr.empty': 'A quick reply needs text.',
  'image.title': 'Image',
  'image.download': 'Download',
  'att.image': 'Image {name}',
  'composer.files': 'Files to send',
  'composer.removeFile': 'Remove {name}',
  'composer.uploadingFile': 'Uploading {name}',
  'composer.uploaded': '{name}, ready to send',
  'composer.refused': '{name}: {reason}',
  'composer.emptyFile': 'The file is empty.',
};

/** A key of those strings. */
export type LaterKey = keyof typeof laterStrings;
