// Deliberately wrong: every line marked WRONG must fail the type check (test/interop).
import 'chatdesk/define';
import type {} from 'chatdesk/react-jsx';

export function Wrong() {
  return (
    <>
      <tag-filter value={42} /> {/* WRONG: value is a TagFilterValue */}
      <tag-filter page-size="three" /> {/* WRONG: page-size is a number */}
      <dialog-list ondialog-select={(e) => e.detail.dialogName} /> {/* WRONG: no dialogName in DialogSelectDetail */}
      <chat-window dialogId={7} /> {/* WRONG: dialogId is a string */}
    </>
  );
}
