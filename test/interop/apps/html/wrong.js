// @ts-check
// Deliberately wrong: every line marked WRONG must fail the type check (test/interop).
import 'chatdesk/browser';

const filter = document.createElement('tag-filter');
filter.value = 42; // WRONG: value is a TagFilterValue
filter.pageSize = 'three'; // WRONG: pageSize is a number
document.createElement('dialog-list').addEventListener('dialog-select', (e) => e.detail.dialogName); // WRONG: no dialogName in DialogSelectDetail
