// Deliberately wrong: every line marked WRONG must fail the type check (test/interop).
import { ChatWindow, DialogList, TagFilter } from 'chatdesk/react';

export function Wrong() {
  return (
    <>
      <TagFilter value={42} /> {/* WRONG: value is a TagFilterValue */}
      <TagFilter pageSize="three" /> {/* WRONG: pageSize is a number */}
      <DialogList onDialogSelect={(e) => e.detail.dialogName} /> {/* WRONG: no dialogName in DialogSelectDetail */}
      <ChatWindow onMessageSent={() => {}} /> {/* WRONG: the event prop is onMessageSend */}
    </>
  );
}
