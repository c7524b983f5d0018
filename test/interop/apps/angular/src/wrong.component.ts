// Deliberately wrong: every line marked WRONG must fail the type check (test/interop).
import { Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, viewChild } from '@angular/core';
import 'chatdesk/define';
import { eventDetail } from 'chatdesk';

@Component({
  selector: 'app-wrong',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<tag-filter #filter (tag-filter-change)="onFilter($event)"></tag-filter>`,
})
export class WrongComponent {
  readonly filter = viewChild.required<ElementRef<HTMLElementTagNameMap['tag-filter']>>('filter');

  onFilter(e: Event): void {
    const detail = eventDetail(e, 'tag-filter-change');
    this.filter().nativeElement.value = detail.value.tags; // WRONG: value is a TagFilterValue, not its tags
    this.filter().nativeElement.pageSize = 'three'; // WRONG: pageSize is a number
    console.log(eventDetail(e, 'dialog-select').dialogName); // WRONG: no dialogName in DialogSelectDetail
  }
}
