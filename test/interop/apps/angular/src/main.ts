// The framework packages ship partially compiled: the JIT compiler links them at start-up (a
// CLI build would link them ahead of time). The app's own components are compiled by ngc.
import '@angular/compiler';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app.component.js';

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch((e: unknown) => console.error(e));
