/** Prints the README's configuration table from the settings the code declares. */
import { settingsTable } from '../src/config/config';

process.stdout.write(`${settingsTable()}\n`);
