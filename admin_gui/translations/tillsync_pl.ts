<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL" sourcelanguage="en">
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../admin/window.py" line="54" />
        <source>Data</source>
        <translation>Dane</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="55" />
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="61" />
        <source>Import from a file…</source>
        <translation>Importuj z pliku…</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="64" />
        <source>Import from the server…</source>
        <translation>Importuj z serwera…</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="67" />
        <source>Revert</source>
        <translation>Cofnij zmiany</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="70" />
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="104" />
        <source>tillsync — till administration</source>
        <translation>tillsync — administracja kasy</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="114" />
        <source>{path}: the configuration has problems; fix them and save.</source>
        <translation>{path}: konfiguracja zawiera błędy; popraw je i zapisz.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="126" />
        <source>Store {store}, till {till} — {path}</source>
        <translation>Sklep {store}, kasa {till} — {path}</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="136" />
        <source>Wait for the load to finish before saving.</source>
        <translation>Zaczekaj na koniec ładowania przed zapisem.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="143" />
        <source>Saved.</source>
        <translation>Zapisano.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="158" />
        <source>No configuration at {path} yet: fill in the settings and Save.</source>
        <translation>Brak konfiguracji w {path}: uzupełnij ustawienia i zapisz.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="166" />
        <source>{count} setting(s) to fix.</source>
        <translation>Do poprawienia: {count} ustawień.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="168" />
        <source>Unsaved changes.</source>
        <translation>Niezapisane zmiany.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="179" />
        <source>Configuration file</source>
        <translation>Plik konfiguracji</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="191" />
        <source>Imported; the previous file is kept as {backup}.</source>
        <translation>Zaimportowano; poprzedni plik zachowano jako {backup}.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="195" />
        <source>Imported.</source>
        <translation>Zaimportowano.</translation>
    </message>
</context><context>
    <name>Approval</name>
    <message>
        <location filename="../front/supervisor.py" line="16" />
        <source>A return without a receipt</source>
        <translation>Zwrot bez paragonu</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="17" />
        <source>Voiding a line after a payment</source>
        <translation>Anulowanie pozycji po płatności</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="18" />
        <source>A copy of a receipt</source>
        <translation>Kopia paragonu</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="19" />
        <source>Opening the drawer without a sale</source>
        <translation>Otwarcie szuflady bez sprzedaży</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="20" />
        <source>A cash out above the limit</source>
        <translation>Wypłata gotówki powyżej limitu</translation>
    </message>
</context><context>
    <name>CashDialog</name>
    <message>
        <location filename="../front/cash.py" line="37" />
        <source>Float (change fund)</source>
        <translation>Pogotowie kasowe</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="38" />
        <source>Cash in</source>
        <translation>Wpłata gotówki</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="39" />
        <source>Cash out</source>
        <translation>Wypłata gotówki</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="40" />
        <source>Safe drop</source>
        <translation>Odprowadzenie do sejfu</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="97" />
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="99" />
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="109" />
        <source>Type the amount, Enter. Esc: cancel.</source>
        <translation>Wpisz kwotę, Enter. Esc: anuluj.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="115" />
        <source>Why? Type the reason, Enter.</source>
        <translation>Dlaczego? Wpisz powód, Enter.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="127" />
        <source>Type the amount first.</source>
        <translation>Najpierw wpisz kwotę.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="130" />
        <source>Recording…</source>
        <translation>Zapisywanie…</translation>
    </message>
</context><context>
    <name>CashierWindow</name>
    <message>
        <location filename="../front/window.py" line="106" />
        <source>tillsync — till {till}</source>
        <translation>tillsync — kasa {till}</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="114" />
        <source>Store {store} · Till {till}</source>
        <translation>Sklep {store} · Kasa {till}</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="149" />
        <source>Message from head office:</source>
        <translation>Wiadomość z centrali:</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="149" />
        <source>OK (F7)</source>
        <translation>OK (F7)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="203" />
        <source>Customer / card</source>
        <translation>Klient / karta</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="204" />
        <source>Return</source>
        <translation>Zwrot</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="205" />
        <source>Void line</source>
        <translation>Storno pozycji</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="259" />
        <location filename="../front/window.py" line="206" />
        <source>Cash</source>
        <translation>Gotówka</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="207" />
        <source>Card</source>
        <translation>Karta</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="208" />
        <source>OK message</source>
        <translation>Wiadomość przeczytana</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="209" />
        <source>Drawer / reports</source>
        <translation>Szuflada / raporty</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="210" />
        <source>Cancel ticket</source>
        <translation>Anuluj paragon</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="211" />
        <source>Sign out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="212" />
        <source>Back to scanning</source>
        <translation>Powrót do skanowania</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="321" />
        <location filename="../front/window.py" line="243" />
        <source>Nothing to pay: scan items first.</source>
        <translation>Nic do zapłaty: najpierw zeskanuj towary.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="246" />
        <source>The ticket is empty.</source>
        <translation>Paragon jest pusty.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="251" />
        <source>Scan</source>
        <translation>Towar</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="252" />
        <source>Scan or type a code, CODE*QTY for a quantity or a weight; Enter.</source>
        <translation>Zeskanuj lub wpisz kod, KOD*ILOŚĆ dla ilości lub wagi; Enter.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="255" />
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="256" />
        <source>Customer code or card (scan, swipe or type); Enter. Esc: back.</source>
        <translation>Kod klienta lub karta (zeskanuj, przeciągnij lub wpisz); Enter. Esc: powrót.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="260" />
        <source>Amount received; Enter alone for exactly {due}. Esc: back.</source>
        <translation>Otrzymana kwota; sam Enter — dokładnie {due}. Esc: powrót.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="265" />
        <source>Cancel?</source>
        <translation>Anulować?</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="266" />
        <source>Enter: cancel the whole ticket. Esc: keep it.</source>
        <translation>Enter: anuluj cały paragon. Esc: zostaw.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="304" />
        <source>Select a line with Up/Down first.</source>
        <translation>Najpierw wybierz pozycję strzałkami w górę/w dół.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="348" />
        <source>Weighing… put the item on the scale.</source>
        <translation>Ważenie… połóż towar na wadze.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="353" />
        <source>Ticket {number} closed. Next customer: scan.</source>
        <translation>Paragon {number} zamknięty. Następny klient: skanuj.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="357" />
        <source>Ticket cancelled.</source>
        <translation>Paragon anulowany.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="359" />
        <source>Still due: {due} (F5 cash, F6 card).</source>
        <translation>Pozostało do zapłaty: {due} (F5 gotówka, F6 karta).</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="383" />
        <source>Return {number} recorded.</source>
        <translation>Zwrot {number} zapisany.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="399" />
        <source>Type your code, Enter, then your PIN, Enter.</source>
        <translation>Wpisz swój kod, Enter, potem PIN, Enter.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="408" />
        <source>Cashier: {name} ({code})</source>
        <translation>Kasjer: {name} ({code})</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="414" />
        <source>Checking…</source>
        <translation>Sprawdzanie…</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="420" />
        <source>Signed in: {name}. Scan.</source>
        <translation>Zalogowano: {name}. Skanuj.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="452" />
        <source>Working offline (no server set)</source>
        <translation>Praca offline (brak serwera)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="454" />
        <source>Server not answering: selling goes on, tickets wait</source>
        <translation>Serwer nie odpowiada: sprzedaż trwa, paragony czekają</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="456" />
        <source>Connected</source>
        <translation>Połączono</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="461" />
        <source>(+{count} more)</source>
        <translation>(+{count} więcej)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="471" />
        <source>Business day {day} open</source>
        <translation>Dzień handlowy {day} otwarty</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="473" />
        <source>A new business day opens at the first sale</source>
        <translation>Nowy dzień handlowy otworzy się przy pierwszej sprzedaży</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="476" />
        <source>Business day {day} closed</source>
        <translation>Dzień handlowy {day} zamknięty</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="477" />
        <source>The business day {day} is closed: no sale until it is opened again.
To open it, the administrator runs  till day open  on this till; then scan.</source>
        <translation>Dzień handlowy {day} jest zamknięty: brak sprzedaży do jego ponownego otwarcia.
Aby go otworzyć, administrator uruchamia  till day open  na tej kasie; potem skanuj.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="482" />
        <source>Business day {day} ended (Z report)</source>
        <translation>Dzień handlowy {day} zakończony (raport Z)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="483" />
        <source>The business day {day} is closed: its Z report is done, no sale can go in.
The next business day opens by itself at the first scan tomorrow.</source>
        <translation>Dzień handlowy {day} jest zamknięty: raport Z wykonany, sprzedaż niemożliwa.
Następny dzień handlowy otworzy się sam przy pierwszym skanowaniu jutro.</translation>
    </message>
</context><context>
    <name>CountDialog</name>
    <message>
        <location filename="../front/cash.py" line="217" />
        <source>{note}: the count is a whole number</source>
        <translation>{note}: liczba sztuk musi być całkowita</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="147" />
        <location filename="../front/cash.py" line="145" />
        <source>Closing count</source>
        <translation>Liczenie gotówki na zamknięcie</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="172" />
        <source>Counted</source>
        <translation>Policzono</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="173" />
        <source>Expected in the drawer</source>
        <translation>Oczekiwane w szufladzie</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="174" />
        <source>Difference</source>
        <translation>Różnica</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="175" />
        <source>F10  Record the count</source>
        <translation>F10  Zapisz liczenie</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="190" />
        <source>How many of each, Enter for the next; F10 records. Esc: cancel.</source>
        <translation>Ile sztuk każdego nominału, Enter — następny; F10 zapisuje. Esc: anuluj.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="250" />
        <source>Recording…</source>
        <translation>Zapisywanie…</translation>
    </message>
</context><context>
    <name>Desk</name>
    <message>
        <location filename="../front/desk.py" line="134" />
        <source>Not done: no supervisor approved it.</source>
        <translation>Nie wykonano: żaden kierownik nie zatwierdził.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="207" />
        <source>{what}: {amount} recorded.</source>
        <translation>{what}: {amount} zapisano.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="229" />
        <source>Drawer opened (recorded).</source>
        <translation>Szuflada otwarta (zapisano).</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="250" />
        <source>Count recorded: {counted}, difference {difference}.</source>
        <translation>Liczenie zapisane: {counted}, różnica {difference}.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="286" />
        <source>Copy {copy} of ticket {number} recorded.</source>
        <translation>Kopia {copy} paragonu {number} zapisana.</translation>
    </message>
</context><context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="39" />
        <source>Cancelled.</source>
        <translation>Anulowano.</translation>
    </message>
    <message>
        <location filename="../errors.py" line="45" />
        <source>System error: {reason}{where}</source>
        <translation>Błąd systemu: {reason}{where}</translation>
    </message>
    <message>
        <location filename="../errors.py" line="49" />
        <source>Database not reachable: {error}</source>
        <translation>Baza danych niedostępna: {error}</translation>
    </message>
    <message>
        <location filename="../errors.py" line="53" />
        <source>Unexpected error (a bug, details in the log): {error}</source>
        <translation>Nieoczekiwany błąd (usterka programu, szczegóły w dzienniku): {error}</translation>
    </message>
</context><context>
    <name>Field</name>
    <message>
        <location filename="../settings/layout.py" line="248" />
        <source>Store</source>
        <translation>Sklep</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="249" />
        <source>Till</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="250" />
        <source>Folder number (Dossier TPV)</source>
        <translation>Numer folderu (Dossier TPV)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="251" />
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="252" />
        <source>Currency</source>
        <translation>Waluta</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="253" />
        <source>Database engine</source>
        <translation>Silnik bazy</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="254" />
        <source>Database file</source>
        <translation>Plik bazy</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="255" />
        <source>PostgreSQL URL</source>
        <translation>URL PostgreSQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="256" />
        <source>SQL instance</source>
        <translation>Instancja SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="257" />
        <source>Database</source>
        <translation>Baza danych</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="258" />
        <source>SQL user</source>
        <translation>Użytkownik SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="259" />
        <source>SQL password</source>
        <translation>Hasło SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="260" />
        <source>Integrated (Windows) authentication</source>
        <translation>Uwierzytelnianie zintegrowane (Windows)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="261" />
        <source>ODBC driver</source>
        <translation>Sterownik ODBC</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="262" />
        <source>Encrypt the connection</source>
        <translation>Szyfruj połączenie</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="263" />
        <source>Accept any certificate</source>
        <translation>Akceptuj każdy certyfikat</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="264" />
        <source>Web-service URL</source>
        <translation>URL usługi sieciowej</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="282" />
        <location filename="../settings/layout.py" line="265" />
        <source>User</source>
        <translation>Użytkownik</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="283" />
        <location filename="../settings/layout.py" line="266" />
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="267" />
        <source>Web-service timeout</source>
        <translation>Limit czasu usług sieciowych</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="268" />
        <source>Ping timeout</source>
        <translation>Limit czasu pingu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="269" />
        <source>Look-up timeout</source>
        <translation>Limit czasu zapytań online</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="270" />
        <source>Tickets per batch</source>
        <translation>Paragonów w paczce</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="271" />
        <source>Verify the TLS certificate</source>
        <translation>Weryfikuj certyfikat TLS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="272" />
        <source>WS-Security user token</source>
        <translation>Token użytkownika WS-Security</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="273" />
        <source>Serve the other tills</source>
        <translation>Obsługuj inne kasy</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="274" />
        <source>Listen on address</source>
        <translation>Adres nasłuchu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="315" />
        <location filename="../settings/layout.py" line="312" />
        <location filename="../settings/layout.py" line="309" />
        <location filename="../settings/layout.py" line="303" />
        <location filename="../settings/layout.py" line="280" />
        <location filename="../settings/layout.py" line="275" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="276" />
        <source>Shared secret</source>
        <translation>Wspólny sekret</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="277" />
        <source>Hub of the store</source>
        <translation>Hub sklepu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="278" />
        <source>Protocol</source>
        <translation>Protokół</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="279" />
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="281" />
        <source>Folder on the server</source>
        <translation>Folder na serwerze</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="284" />
        <source>SFTP key file</source>
        <translation>Plik klucza SFTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="285" />
        <source>Trusted host key</source>
        <translation>Zaufany klucz hosta</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="286" />
        <source>Passive mode</source>
        <translation>Tryb pasywny</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="287" />
        <source>Download folder</source>
        <translation>Folder pobierania</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="288" />
        <source>Verify the certificate</source>
        <translation>Weryfikuj certyfikat</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="289" />
        <source>CA certificates file</source>
        <translation>Plik certyfikatów CA</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="290" />
        <source>Wait between two ticket syncs</source>
        <translation>Przerwa między synchronizacjami paragonów</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="291" />
        <source>Wait after a web-service error</source>
        <translation>Przerwa po błędzie usługi sieciowej</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="292" />
        <source>Drip mode (send each ticket at once)</source>
        <translation>Tryb kroplowy (wysyłaj każdy paragon od razu)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="293" />
        <source>Ping interval</source>
        <translation>Odstęp pingu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="294" />
        <source>Look for changes every</source>
        <translation>Szukaj zmian co</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="295" />
        <source>Lockout after three wrong PINs</source>
        <translation>Blokada po trzech błędnych PIN-ach</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="296" />
        <source>Cash out without a supervisor up to</source>
        <translation>Wypłata bez kierownika do</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="297" />
        <source>Notes and coins counted</source>
        <translation>Liczone banknoty i monety</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="298" />
        <source>Signing key file</source>
        <translation>Plik klucza podpisu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="299" />
        <source>Sign the journal</source>
        <translation>Podpisuj dziennik</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="300" />
        <source>Label layout</source>
        <translation>Układ etykiety</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="301" />
        <source>Weight prefixes</source>
        <translation>Prefiksy wagi</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="302" />
        <source>Price prefixes</source>
        <translation>Prefiksy ceny</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="304" />
        <source>Scale</source>
        <translation>Waga</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="316" />
        <location filename="../settings/layout.py" line="314" />
        <location filename="../settings/layout.py" line="311" />
        <location filename="../settings/layout.py" line="305" />
        <source>Speed</source>
        <translation>Prędkość</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="306" />
        <source>Framing</source>
        <translation>Format ramki</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="307" />
        <source>Answer timeout</source>
        <translation>Limit czasu odpowiedzi</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="308" />
        <source>Wait for a stable weight</source>
        <translation>Czekaj na stabilną wagę</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="313" />
        <location filename="../settings/layout.py" line="310" />
        <source>Printer</source>
        <translation>Drukarka</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="317" />
        <source>Alcohol lines</source>
        <translation>Pozycje z alkoholem</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="318" />
        <source>Printer answer timeout</source>
        <translation>Limit czasu odpowiedzi drukarki</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="319" />
        <source>Receipt and report timeout</source>
        <translation>Limit czasu paragonu i raportu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="320" />
        <source>Retry the print queue every</source>
        <translation>Ponawiaj kolejkę wydruku co</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="321" />
        <source>VAT rates of letters A, B, C…</source>
        <translation>Stawki VAT liter A, B, C…</translation>
    </message>
</context><context>
    <name>FieldHelp</name>
    <message>
        <location filename="../settings/help_catalog.py" line="12" />
        <source>Store code, as the ERP knows it.</source>
        <translation>Kod sklepu, jak zna go ERP.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="13" />
        <source>Till code within the store.</source>
        <translation>Kod kasy w sklepie.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="14" />
        <source>Folder number of the till setup (the vendor's 'Dossier TPV').</source>
        <translation>Numer folderu konfiguracji kasy („Dossier TPV” dostawcy).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="15" />
        <source>Language of the screens.</source>
        <translation>Język ekranów.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="16" />
        <source>Currency of the till.</source>
        <translation>Waluta kasy.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="17" />
        <source>Database engine.</source>
        <translation>Silnik bazy danych.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="18" />
        <source>SQLite database file; a relative path counts from this file's folder.</source>
        <translation>Plik bazy SQLite; ścieżka względna liczy się od folderu tego pliku.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="21" />
        <source>PostgreSQL URL (postgresql+psycopg://host/db); required when engine is postgresql.</source>
        <translation>URL PostgreSQL (postgresql+psycopg://host/baza); wymagany dla silnika postgresql.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="25" />
        <source>SQL Server instance, e.g. SHOP01\SQLEXPRESS; required when engine is mssql.</source>
        <translation>Instancja SQL Server, np. SHOP01\SQLEXPRESS; wymagana dla silnika mssql.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="28" />
        <source>SQL Server database name.</source>
        <translation>Nazwa bazy SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="29" />
        <source>SQL login (mssql: required unless trusted = true; postgresql: when not in the URL).</source>
        <translation>Login SQL (mssql: wymagany bez uwierzytelniania zintegrowanego; postgresql: gdy nie ma go w URL).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="33" />
        <source>Password of the SQL login.</source>
        <translation>Hasło loginu SQL.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="34" />
        <source>SQL Server integrated (Windows) authentication instead of a login.</source>
        <translation>Uwierzytelnianie zintegrowane SQL Server (Windows) zamiast loginu.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="37" />
        <source>ODBC driver used to reach SQL Server.</source>
        <translation>Sterownik ODBC do połączenia z SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="38" />
        <source>Encrypt the SQL Server connection.</source>
        <translation>Szyfruj połączenie z SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="39" />
        <source>Accept the SQL Server certificate unverified (test servers only).</source>
        <translation>Akceptuj certyfikat SQL Server bez weryfikacji (tylko serwery testowe).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="42" />
        <source>SOAP endpoint of the till server; empty = not configured.</source>
        <translation>Adres SOAP serwera kas; puste = nieskonfigurowane.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="43" />
        <source>Web-service user name.</source>
        <translation>Nazwa użytkownika usługi sieciowej.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="44" />
        <source>Web-service password.</source>
        <translation>Hasło usługi sieciowej.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="45" />
        <source>Timeout of web-service operations (SendTickets...).</source>
        <translation>Limit czasu operacji usług sieciowych (SendTickets...); domyślnie 60 s.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="46" />
        <source>Timeout of the ping behind the network icon.</source>
        <translation>Limit czasu pingu dla ikony sieci.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="47" />
        <source>Timeout of online look-ups during a sale (offers, messages).</source>
        <translation>Limit czasu zapytań online podczas sprzedaży (promocje, wiadomości).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="48" />
        <source>Tickets sent per SendTickets call.</source>
        <translation>Paragonów na jedno wywołanie SendTickets.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="49" />
        <source>Verify the server's TLS certificate (https).</source>
        <translation>Weryfikuj certyfikat TLS serwera (https).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="50" />
        <source>Send a WS-Security username token (user/password).</source>
        <translation>Wysyłaj token WS-Security (użytkownik/hasło).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="51" />
        <source>Transfer protocol.</source>
        <translation>Protokół transferu.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="52" />
        <source>Server holding the exports; empty = not configured.</source>
        <translation>Serwer z eksportami; puste = nieskonfigurowane.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="53" />
        <source>Server port; 0 = the protocol's (21 ftp/ftps, 22 sftp).</source>
        <translation>Port serwera; 0 = domyślny protokołu (21 ftp/ftps, 22 sftp).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="54" />
        <source>Folder of the exports on the server.</source>
        <translation>Folder eksportów na serwerze.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="55" />
        <source>Login on the server.</source>
        <translation>Login na serwerze.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="56" />
        <source>Password of the login.</source>
        <translation>Hasło loginu.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="57" />
        <source>SFTP private key file; a relative path counts from this file's folder.</source>
        <translation>Plik klucza prywatnego SFTP; ścieżka względna liczy się od folderu tego pliku.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="60" />
        <source>SFTP server host key, a line or a known_hosts file; required for sftp.</source>
        <translation>Klucz hosta serwera SFTP: linia lub plik known_hosts; wymagany dla sftp.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="63" />
        <source>Passive mode (ftp/ftps).</source>
        <translation>Tryb pasywny (ftp/ftps).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="64" />
        <source>Local folder for downloads in progress; relative to this file's folder.</source>
        <translation>Lokalny folder pobieranych plików; względem folderu tego pliku.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="67" />
        <source>Verify the FTPS server certificate.</source>
        <translation>Weryfikuj certyfikat serwera FTPS.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="68" />
        <source>CA bundle for FTPS; empty = the system's certificates.</source>
        <translation>Certyfikaty CA dla FTPS; puste = systemowe.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="69" />
        <source>Wait between two checks for tickets to send.</source>
        <translation>Przerwa między sprawdzeniami paragonów do wysłania.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="70" />
        <source>After a web-service error, wait this long before calling it again.</source>
        <translation>Po błędzie usługi sieciowej odczekaj tyle przed ponownym wywołaniem.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="73" />
        <source>Send each ticket right after it closes.</source>
        <translation>Wysyłaj każdy paragon zaraz po zamknięciu.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="74" />
        <source>Wait between two pings.</source>
        <translation>Przerwa między pingami.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="75" />
        <source>Wait between two automatic looks for increments; 0 = never.</source>
        <translation>Przerwa między automatycznym szukaniem przyrostów; 0 = nigdy.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="76" />
        <source>Layout: P prefix, I scale number (PLU) listed among the item's barcodes, else item code, V weight or price, C check digit.</source>
        <translation>Układ: P prefiks, I numer wagowy (PLU) z kodów kreskowych towaru, w przeciwnym razie kod towaru, V waga lub cena, C cyfra kontrolna.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="81" />
        <source>Prefixes of codes carrying a weight.</source>
        <translation>Prefiksy kodów z wagą.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="82" />
        <source>Prefixes of codes carrying a price.</source>
        <translation>Prefiksy kodów z ceną.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="83" />
        <source>Scale port (COM3, /dev/ttyUSB0); empty = none.</source>
        <translation>Port wagi (COM3, /dev/ttyUSB0); puste = brak.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="84" />
        <source>Scale protocol.</source>
        <translation>Protokół wagi.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="85" />
        <source>Scale serial speed.</source>
        <translation>Prędkość portu wagi.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="86" />
        <source>Scale data bits, parity, stop bits; auto = the protocol's (mettler8217 7E1, cas 8N1).</source>
        <translation>Bity danych, parzystość, bity stopu wagi; auto = według protokołu (mettler8217 7E1, cas 8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="90" />
        <source>Longest wait for one answer of the scale.</source>
        <translation>Najdłuższe oczekiwanie na odpowiedź wagi.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="91" />
        <source>How long a weighed item waits for a stable weight.</source>
        <translation>Jak długo towar ważony czeka na stabilną wagę.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="92" />
        <source>Receipt printer port; empty = none.</source>
        <translation>Port drukarki paragonów; puste = brak.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="93" />
        <source>Receipt printer protocol: thermal (Polish fiscal printer) or escpos (slips).</source>
        <translation>Protokół drukarki paragonów: thermal (polska drukarka fiskalna) lub escpos (wydruki).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="96" />
        <source>Receipt printer serial speed (8N1).</source>
        <translation>Prędkość portu drukarki paragonów (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="97" />
        <source>Printer port for alcohol-sale slips; empty = none.</source>
        <translation>Port drukarki dla sprzedaży alkoholu; puste = brak.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="98" />
        <source>Alcohol printer protocol: thermal or escpos.</source>
        <translation>Protokół drukarki alkoholu: thermal lub escpos.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="99" />
        <source>Alcohol printer serial speed (8N1).</source>
        <translation>Prędkość portu drukarki alkoholu (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="100" />
        <source>Non-fiscal ESC/POS printer for return slips and receipt copies; empty = the receipt or alcohol printer when it is ESC/POS.</source>
        <translation>Niefiskalna drukarka ESC/POS do protokołów zwrotu i kopii paragonów; puste = drukarka paragonów lub alkoholu, jeśli jest ESC/POS.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="105" />
        <source>Return slip printer serial speed (8N1).</source>
        <translation>Prędkość portu szeregowego drukarki protokołów zwrotu (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="106" />
        <source>Lines for the alcohol printer: alcohol = items flagged alcohol; single = none.</source>
        <translation>Pozycje dla drukarki alkoholu: alcohol = towary oznaczone jako alkohol; single = żadne.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="110" />
        <source>Longest wait for a printer's answer to one command.</source>
        <translation>Najdłuższe oczekiwanie na odpowiedź drukarki na polecenie.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="111" />
        <source>Longest wait for a receipt close or a daily report.</source>
        <translation>Najdłuższe oczekiwanie na zamknięcie paragonu lub raport dobowy.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="112" />
        <source>Wait between two tries of receipts left in the print queue.</source>
        <translation>Przerwa między próbami wydruków z kolejki.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="113" />
        <source>VAT rate of letters A, B, C... on ESC/POS slips (fiscal printers report their own).</source>
        <translation>Stawki VAT liter A, B, C... na wydrukach ESC/POS (drukarki fiskalne podają własne).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="117" />
        <source>Serve the other tills of the store from this till (`till hub serve`).</source>
        <translation>Obsługuj inne kasy sklepu z tej kasy (`till hub serve`).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="120" />
        <source>Address the hub listens on (0.0.0.0 = every interface).</source>
        <translation>Adres nasłuchu hubu (0.0.0.0 = wszystkie interfejsy).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="121" />
        <source>Port the hub listens on.</source>
        <translation>Port nasłuchu hubu.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="122" />
        <source>Shared secret of the store's hub and its tills (16 characters or more).</source>
        <translation>Wspólny sekret hubu sklepu i jego kas (16 znaków lub więcej).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="125" />
        <source>The store's hub (http://HOST:PORT) for a client till; empty = none.</source>
        <translation>Hub sklepu (http://HOST:PORT) dla kasy klienckiej; puste = brak.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="128" />
        <source>After three wrong PINs in a row, the cashier cannot sign in here for this long.</source>
        <translation>Po trzech błędnych PIN-ach z rzędu kasjer nie może zalogować się na tej kasie przez ten czas.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="132" />
        <source>A cash out above this amount needs a supervisor's approval.</source>
        <translation>Wypłata gotówki powyżej tej kwoty wymaga zgody kierownika.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="133" />
        <source>Notes and coins of the closing count; empty = the till currency's (EUR, PLN, GBP, CHF, USD, RUB).</source>
        <translation>Banknoty i monety liczone przy zamknięciu; puste = waluty kasy (EUR, PLN, GBP, CHF, USD, RUB).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="138" />
        <source>The till's private signing key (PEM, mode 0600); empty = till.key next to the SQLite journal, or next to this file for a journal on a server. Relative paths count from this file's folder.</source>
        <translation>Prywatny klucz podpisu kasy (PEM, tryb 0600); puste = till.key obok dziennika SQLite albo obok tego pliku dla dziennika na serwerze. Ścieżka względna liczy się od folderu tego pliku.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="144" />
        <source>Sign each stored document. Off only to measure what signing costs (bench/sale.py): a journal written unsigned fails `till verify`.</source>
        <translation>Podpisuj każdy zapisany dokument. Wyłączać tylko, by zmierzyć koszt podpisu (bench/sale.py): dziennik zapisany bez podpisów nie przechodzi `till verify`.</translation>
    </message>
</context><context>
    <name>HostKeyDialog</name>
    <message>
        <location filename="../settings/hostkey.py" line="23" />
        <source>Confirm the server's host key</source>
        <translation>Potwierdź klucz hosta serwera</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="25" />
        <source>The server offers the key below. Compare its fingerprint with the one the server's owner gives you (ssh-keygen -lf on the server). Trust it only if they are the same.</source>
        <translation>Serwer przedstawia poniższy klucz. Porównaj jego odcisk z tym, który poda właściciel serwera (ssh-keygen -lf na serwerze). Zaufaj mu tylko, jeśli są identyczne.</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="43" />
        <source>Key type</source>
        <translation>Typ klucza</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="44" />
        <source>Fingerprint</source>
        <translation>Odcisk</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="45" />
        <source>Stored as</source>
        <translation>Zapisany jako</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="48" />
        <source>Trust this key</source>
        <translation>Zaufaj temu kluczowi</translation>
    </message>
</context><context>
    <name>ImportDialog</name>
    <message>
        <location filename="../settings/importing.py" line="45" />
        <source>Import a configuration</source>
        <translation>Import konfiguracji</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="46" />
        <source>From: {source}</source>
        <translation>Źródło: {source}</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>Setting</source>
        <translation>Ustawienie</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>Now</source>
        <translation>Obecnie</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>After import</source>
        <translation>Po imporcie</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="63" />
        <source>{count} setting(s) change. The current file is kept as a backup.</source>
        <translation>Zmieni się ustawień: {count}. Obecny plik zostanie zachowany jako kopia.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="67" />
        <source>Nothing changes: the file holds the same settings.</source>
        <translation>Nic się nie zmienia: plik zawiera te same ustawienia.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="70" />
        <source>Kept: {keys}. The file leaves them empty, so this till's own stay.</source>
        <translation>Zachowane: {keys}. Plik zostawia je puste, więc zostają wartości tej kasy.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="78" />
        <source>Apply</source>
        <translation>Zastosuj</translation>
    </message>
</context><context>
    <name>LoadPanel</name>
    <message>
        <location filename="../loading/panel.py" line="48" />
        <source>The export server of the FTP tab</source>
        <translation>Serwer eksportów z zakładki FTP</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="50" />
        <source>A folder:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="54" />
        <source>folder holding the exports</source>
        <translation>folder z eksportami</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="55" />
        <source>Browse…</source>
        <translation>Przeglądaj…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="66" />
        <source>Load from</source>
        <translation>Ładuj z</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="71" />
        <source>Load data</source>
        <translation>Załaduj dane</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="73" />
        <source>Replace the catalog by the newest full export.</source>
        <translation>Zastąp katalog najnowszym pełnym eksportem.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="74" />
        <source>Load changes</source>
        <translation>Załaduj zmiany</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="76" />
        <source>Apply the increments after the catalog's sequence.</source>
        <translation>Zastosuj przyrosty następujące po sekwencji katalogu.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="77" />
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="88" />
        <source>Idle.</source>
        <translation>Bezczynny.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="98" />
        <source>Progress</source>
        <translation>Postęp</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="108" />
        <source>Catalog on this till</source>
        <translation>Katalog tej kasy</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="110" />
        <source>Sequence</source>
        <translation>Sekwencja</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="111" />
        <source>Last full export</source>
        <translation>Ostatni pełny eksport</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="112" />
        <source>Last load</source>
        <translation>Ostatnie ładowanie</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="125" />
        <source>Choose the folder holding the exports.</source>
        <translation>Wybierz folder z eksportami.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="136" />
        <source>Fix the configuration and save it first.</source>
        <translation>Najpierw popraw i zapisz konfigurację.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="141" />
        <source>Starting…</source>
        <translation>Uruchamianie…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="163" />
        <source>Cancelling…</source>
        <translation>Anulowanie…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="173" />
        <source>Downloading…</source>
        <translation>Pobieranie…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="173" />
        <source>Loading…</source>
        <translation>Ładowanie…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="185" />
        <source>Loading: {done} of {total} rows</source>
        <translation>Ładowanie: {done} z {total} wierszy</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="189" />
        <source>Downloading: {done} of {total} kB</source>
        <translation>Pobieranie: {done} z {total} kB</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="199" />
        <source>Done.</source>
        <translation>Gotowe.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="201" />
        <source>Full export {sequence} loaded: {rows} rows in {seconds} s.</source>
        <translation>Pełny eksport {sequence} załadowany: {rows} wierszy w {seconds} s.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="203" />
        <source>Changes up to {sequence} loaded: {rows} rows in {seconds} s.</source>
        <translation>Zmiany do {sequence} załadowane: {rows} wierszy w {seconds} s.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="205" />
        <source>No new changes: the catalog is up to date (sequence {sequence}).</source>
        <translation>Brak nowych zmian: katalog jest aktualny (sekwencja {sequence}).</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="221" />
        <source>Cancelled.</source>
        <translation>Anulowano.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="223" />
        <source>Load cancelled: the catalog is as it was.</source>
        <translation>Ładowanie anulowane: katalog bez zmian.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="232" />
        <source>Waiting for your answer.</source>
        <translation>Oczekiwanie na odpowiedź.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="235" />
        <source>The newest full export there is {sequence}, older than the catalog on this till (sequence {current}). Loading it takes the catalog back from {current} to {sequence}. Load it anyway?</source>
        <translation>Najnowszy pełny eksport to {sequence}, starszy niż katalog tej kasy (sekwencja {current}). Załadowanie go cofnie katalog z {current} do {sequence}. Załadować mimo to?</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="242" />
        <source>Older export</source>
        <translation>Starszy eksport</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="254" />
        <source>Not loaded: the catalog stays at sequence {current}.</source>
        <translation>Nie załadowano: katalog pozostaje na sekwencji {current}.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="263" />
        <source>Failed.</source>
        <translation>Niepowodzenie.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="275" />
        <source>Folder holding the exports</source>
        <translation>Folder z eksportami</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="291" />
        <source>nothing loaded</source>
        <translation>nic nie załadowano</translation>
    </message>
</context><context>
    <name>Network</name>
    <message>
        <location filename="../widgets/network.py" line="35" />
        <source>Server reachable</source>
        <translation>Serwer osiągalny</translation>
    </message>
    <message>
        <location filename="../widgets/network.py" line="37" />
        <source>Server not answering</source>
        <translation>Serwer nie odpowiada</translation>
    </message>
    <message>
        <location filename="../widgets/network.py" line="39" />
        <source>Server not checked yet</source>
        <translation>Serwer jeszcze niesprawdzony</translation>
    </message>
</context><context>
    <name>Option</name>
    <message>
        <location filename="../settings/layout.py" line="326" />
        <source>SQLite file</source>
        <translation>Plik SQLite</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="327" />
        <source>SQL Server</source>
        <translation>SQL Server</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="328" />
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="329" />
        <source>FTP</source>
        <translation>FTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="330" />
        <source>FTPS (FTP over TLS)</source>
        <translation>FTPS (FTP przez TLS)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="331" />
        <source>SFTP (SSH)</source>
        <translation>SFTP (SSH)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="332" />
        <source>None</source>
        <translation>Brak</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="333" />
        <source>Mettler Toledo 8217</source>
        <translation>Mettler Toledo 8217</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="334" />
        <source>CAS</source>
        <translation>CAS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="335" />
        <source>The protocol's own</source>
        <translation>Zgodnie z protokołem</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="336" />
        <source>Thermal (Polish fiscal printer)</source>
        <translation>Thermal (polska drukarka fiskalna)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="337" />
        <source>ESC/POS (slips)</source>
        <translation>ESC/POS (wydruki)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="338" />
        <source>On the alcohol printer</source>
        <translation>Na drukarce alkoholu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="339" />
        <source>On the main printer</source>
        <translation>Na głównej drukarce</translation>
    </message>
</context><context>
    <name>PinFields</name>
    <message>
        <location filename="../front/signin.py" line="57" />
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="58" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context><context>
    <name>ReprintDialog</name>
    <message>
        <location filename="../front/reprint.py" line="20" />
        <location filename="../front/reprint.py" line="19" />
        <source>Reprint a receipt</source>
        <translation>Ponowny wydruk paragonu</translation>
    </message>
    <message>
        <location filename="../front/reprint.py" line="32" />
        <source>Receipt</source>
        <translation>Paragon</translation>
    </message>
    <message>
        <location filename="../front/reprint.py" line="46" />
        <source>Scan or type the code printed on the receipt (or DAY/NUMBER); Enter.</source>
        <translation>Zeskanuj lub wpisz kod z paragonu (albo DZIEŃ/NUMER); Enter.</translation>
    </message>
</context><context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../front/returns.py" line="36" />
        <source>cash</source>
        <translation>gotówka</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="37" />
        <source>card</source>
        <translation>karta</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="40" />
        <source>this till</source>
        <translation>ta kasa</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="41" />
        <source>the head office server</source>
        <translation>serwer centrali</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="42" />
        <source>the store's server</source>
        <translation>serwer sklepu</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="69" />
        <location filename="../front/returns.py" line="65" />
        <source>Return</source>
        <translation>Zwrot</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="171" />
        <location filename="../front/returns.py" line="76" />
        <source>Receipt</source>
        <translation>Paragon</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="95" />
        <source>F9  Everything returnable</source>
        <translation>F9  Wszystko, co można zwrócić</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="99" />
        <source>F10  Refund</source>
        <translation>F10  Zwróć pieniądze</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="172" />
        <location filename="../front/returns.py" line="103" />
        <source>F8  Without receipt</source>
        <translation>F8  Bez paragonu</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="173" />
        <location filename="../front/returns.py" line="125" />
        <source>Scan or type the code printed on the receipt; Enter. Esc: close.</source>
        <translation>Zeskanuj lub wpisz kod z paragonu; Enter. Esc: zamknij.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="138" />
        <location filename="../front/returns.py" line="132" />
        <source>#</source>
        <translation>Nr</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="162" />
        <location filename="../front/returns.py" line="139" />
        <location filename="../front/returns.py" line="132" />
        <source>Item</source>
        <translation>Towar</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="132" />
        <source>Quantity</source>
        <translation>Ilość</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="140" />
        <source>Sold</source>
        <translation>Sprzedano</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="141" />
        <source>Returned</source>
        <translation>Zwrócono</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="142" />
        <source>Returnable</source>
        <translation>Do zwrotu</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="143" />
        <source>Give back</source>
        <translation>Zwracane</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="163" />
        <source>F8  With a receipt</source>
        <translation>F8  Z paragonem</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="165" />
        <source>Without receipt: scan each item given back (CODE*QTY for a quantity); F10 refunds at today's price once a supervisor approves.</source>
        <translation>Bez paragonu: zeskanuj każdy zwracany towar (KOD*ILOŚĆ dla ilości); F10 zwraca pieniądze po dzisiejszej cenie, gdy kierownik zatwierdzi.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="195" />
        <source>{count} item(s) to give back. Scan the next, or F10 refunds.</source>
        <translation>Towary do zwrotu: {count}. Zeskanuj następny albo F10 zwraca pieniądze.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="213" />
        <source>Ticket {number} of {day}, found at {where}.</source>
        <translation>Paragon {number} z {day}, znaleziony: {where}.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="240" />
        <source>Everything of this ticket was returned already.</source>
        <translation>Wszystko z tego paragonu zostało już zwrócone.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="245" />
        <source>Type the quantity to give back beside each line (Enter: next line), F9 everything; F10 refunds.</source>
        <translation>Wpisz zwracaną ilość przy każdej pozycji (Enter — następna), F9 wszystko; F10 zwraca pieniądze.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="269" />
        <source>Scan the items given back first.</source>
        <translation>Najpierw zeskanuj zwracane towary.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="278" />
        <location filename="../front/returns.py" line="271" />
        <source>Refunding…</source>
        <translation>Zwracanie pieniędzy…</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="275" />
        <source>Scan or type the receipt first.</source>
        <translation>Najpierw zeskanuj lub wpisz paragon.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="291" />
        <source>Return {number} recorded. Refund: {refunds}.</source>
        <translation>Zwrot {number} zapisany. Zwrot pieniędzy: {refunds}.</translation>
    </message>
</context><context>
    <name>Settings</name>
    <message>
        <location filename="../settings/controller.py" line="108" />
        <source>Not saved: {count} setting(s) to fix first.</source>
        <translation>Nie zapisano: najpierw popraw ustawienia ({count}).</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="129" />
        <source>Test connection</source>
        <translation>Sprawdź połączenie</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="134" />
        <source>Create or upgrade the database</source>
        <translation>Utwórz lub zaktualizuj bazę</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="140" />
        <source>Test (ping)</source>
        <translation>Sprawdź (ping)</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="146" />
        <source>Test (list the folder)</source>
        <translation>Sprawdź (lista folderu)</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="150" />
        <source>Fetch the server's key…</source>
        <translation>Pobierz klucz serwera…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="162" />
        <source>Working…</source>
        <translation>W toku…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="180" />
        <source>Enter the host first.</source>
        <translation>Najpierw wpisz host.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="182" />
        <source>Asking {host} for its key…</source>
        <translation>Pobieranie klucza z {host}…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="190" />
        <source>Compare the key with the server's owner.</source>
        <translation>Porównaj klucz z właścicielem serwera.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="196" />
        <source>Host key confirmed; Save to keep it.</source>
        <translation>Klucz hosta potwierdzony; zapisz, aby go zachować.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="200" />
        <source>Host key not trusted.</source>
        <translation>Klucz hosta odrzucony.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="216" />
        <source>The database file does not exist yet: create it.</source>
        <translation>Plik bazy jeszcze nie istnieje: utwórz go.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="218" />
        <source>Connected; the till's tables are not there yet: create them.</source>
        <translation>Połączono; tabel kasy jeszcze nie ma: utwórz je.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="219" />
        <source>Connected; the till's tables are ready.</source>
        <translation>Połączono; tabele kasy są gotowe.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="223" />
        <source>The server answers ({ms} ms).</source>
        <translation>Serwer odpowiada ({ms} ms).</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="230" />
        <source>{count} file(s) in {folder}: {files}</source>
        <translation>Plików w {folder}: {count} — {files}</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="113" />
        <source>Save a valid configuration naming the server first.</source>
        <translation>Najpierw zapisz poprawną konfigurację z adresem serwera.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="120" />
        <source>Reading the configuration…</source>
        <translation>Odczyt konfiguracji…</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="128" />
        <source>Check what the import changes.</source>
        <translation>Sprawdź, co zmieni import.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="134" />
        <source>Import cancelled: nothing changed.</source>
        <translation>Import anulowany: nic się nie zmieniło.</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="35" />
        <source>Till</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="39" />
        <source>Identity</source>
        <translation>Identyfikacja</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="43" />
        <source>Screens and money</source>
        <translation>Ekrany i waluta</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="49" />
        <source>In-store barcode labels</source>
        <translation>Etykiety kodów sklepowych</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="56" />
        <source>Cashiers</source>
        <translation>Kasjerzy</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="58" />
        <source>Cash drawer</source>
        <translation>Szuflada kasowa</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="62" />
        <source>Signed journal</source>
        <translation>Podpisany dziennik</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="70" />
        <source>Database</source>
        <translation>Baza danych</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="73" />
        <source>Engine</source>
        <translation>Silnik</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="75" />
        <source>SQLite file</source>
        <translation>Plik SQLite</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="80" />
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="85" />
        <source>SQL Server</source>
        <translation>SQL Server</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="98" />
        <source>Authentication</source>
        <translation>Uwierzytelnianie</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="108" />
        <source>Web services</source>
        <translation>Usługi sieciowe</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="112" />
        <source>Till server</source>
        <translation>Serwer kas</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="124" />
        <source>Timeouts and batches</source>
        <translation>Limity czasu i paczki</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="133" />
        <source>Local server mode (store hub)</source>
        <translation>Tryb serwera lokalnego (hub sklepu)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="148" />
        <source>FTP</source>
        <translation>FTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="152" />
        <source>Export server</source>
        <translation>Serwer eksportów</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="156" />
        <source>Login</source>
        <translation>Logowanie</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="162" />
        <source>SFTP host key</source>
        <translation>Klucz hosta SFTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="167" />
        <source>FTPS certificate</source>
        <translation>Certyfikat FTPS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="171" />
        <source>On this till</source>
        <translation>Na tej kasie</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="178" />
        <source>Timings</source>
        <translation>Czasy</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="182" />
        <source>Synchronisation</source>
        <translation>Synchronizacja</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="196" />
        <source>Devices</source>
        <translation>Urządzenia</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="200" />
        <source>Scale</source>
        <translation>Waga</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="211" />
        <source>Receipt printer</source>
        <translation>Drukarka paragonów</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="221" />
        <source>Alcohol printer</source>
        <translation>Drukarka alkoholu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="230" />
        <source>Return slip printer</source>
        <translation>Drukarka protokołów zwrotu</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="234" />
        <source>Printing</source>
        <translation>Drukowanie</translation>
    </message>
    <message>
        <location filename="../settings/editors.py" line="145" />
        <source>not set</source>
        <translation>nie ustawiono</translation>
    </message>
    <message>
        <location filename="../settings/editors.py" line="150" />
        <source>default {value}</source>
        <translation>domyślnie {value}</translation>
    </message>
</context><context>
    <name>SignIn</name>
    <message>
        <location filename="../front/signin.py" line="23" />
        <source>{code} is locked at this till until {until} (too many wrong PINs).</source>
        <translation>{code} jest zablokowany na tej kasie do {until} (zbyt wiele błędnych PIN-ów).</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="27" />
        <source>Wrong PIN for {code}. Wrong PINs left before the lock: {left}.</source>
        <translation>Błędny PIN dla {code}. Pozostałe błędne próby przed blokadą: {left}.</translation>
    </message>
</context><context>
    <name>SignInPanel</name>
    <message>
        <location filename="../front/signin.py" line="93" />
        <source>Sign in</source>
        <translation>Logowanie</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="118" />
        <source>Type your code, Enter, then your PIN, Enter.</source>
        <translation>Wpisz swój kod, Enter, potem PIN, Enter.</translation>
    </message>
</context><context>
    <name>StatusPanel</name>
    <message>
        <location filename="../status/panel.py" line="294" />
        <location filename="../status/panel.py" line="51" />
        <source>Not checked yet.</source>
        <translation>Jeszcze niesprawdzone.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="54" />
        <source>Ping now</source>
        <translation>Ping teraz</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="61" />
        <source>Automatic (the hub when the gateway does not answer)</source>
        <translation>Automatycznie (hub, gdy bramka nie odpowiada)</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="62" />
        <source>Gateway only</source>
        <translation>Tylko bramka</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="63" />
        <source>Hub only</source>
        <translation>Tylko hub</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="72" />
        <source>Server</source>
        <translation>Serwer</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="76" />
        <source>Connection to the till server</source>
        <translation>Połączenie z serwerem kas</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="95" />
        <source>Send tickets now</source>
        <translation>Wyślij paragony teraz</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="98" />
        <source>Tickets to send</source>
        <translation>Paragony do wysłania</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="100" />
        <source>Waiting</source>
        <translation>Oczekuje</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="101" />
        <source>Oldest waiting since</source>
        <translation>Najstarszy czeka od</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="102" />
        <source>Last sync</source>
        <translation>Ostatnia synchronizacja</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="103" />
        <source>Receipts waiting to print</source>
        <translation>Wydruki w kolejce</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="114" />
        <source>Ticket</source>
        <translation>Paragon</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="115" />
        <source>Day / number</source>
        <translation>Dzień / numer</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="116" />
        <source>Total</source>
        <translation>Suma</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="117" />
        <source>Tries</source>
        <translation>Próby</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="118" />
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="128" />
        <source>Retry selected</source>
        <translation>Ponów zaznaczone</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="131" />
        <source>Retry all</source>
        <translation>Ponów wszystkie</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="148" />
        <source>Quarantined tickets (refused by the server)</source>
        <translation>Paragony w kwarantannie (odrzucone przez serwer)</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Received</source>
        <translation>Otrzymano</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Message</source>
        <translation>Wiadomość</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Seen by the cashier</source>
        <translation>Odczytane przez kasjera</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="165" />
        <source>Messages from head office</source>
        <translation>Wiadomości z centrali</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="246" />
        <source>Select the tickets to retry first.</source>
        <translation>Najpierw zaznacz paragony do ponowienia.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="255" />
        <source>{count} ticket(s) back in the outbox.</source>
        <translation>Wróciło do kolejki wysyłki: {count}.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="285" />
        <source>in use: the gateway</source>
        <translation>w użyciu: bramka</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="285" />
        <source>in use: the hub</source>
        <translation>w użyciu: hub</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="292" />
        <source>No web-service URL set (Web services tab).</source>
        <translation>Brak adresu usługi sieciowej (zakładka Usługi sieciowe).</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="296" />
        <source>Server reachable. Last ping: {time}.</source>
        <translation>Serwer osiągalny. Ostatni ping: {time}.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="300" />
        <source>Server not answering since the ping at {time}: {error}</source>
        <translation>Serwer nie odpowiada od pingu o {time}: {error}</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="308" />
        <source>{count} ticket(s) of the store's other tills were refused by the gateway and are held here, not relayed: see the reasons below, fix, then Retry.</source>
        <translation>{count} paragon(ów) innych kas sklepu odrzuciła bramka; są przechowywane tutaj, nieprzekazane: zobacz przyczyny poniżej, popraw, a następnie Ponów.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="335" />
        <source>not yet</source>
        <translation>jeszcze nie</translation>
    </message>
</context><context>
    <name>SupervisorPrompt</name>
    <message>
        <location filename="../front/supervisor.py" line="38" />
        <source>Supervisor approval</source>
        <translation>Zatwierdzenie kierownika</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="39" />
        <source>{action} needs a supervisor.</source>
        <translation>{action}: potrzebny kierownik.</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="61" />
        <source>Supervisor: your code, Enter, your PIN, Enter. Esc: cancel.</source>
        <translation>Kierownik: twój kod, Enter, PIN, Enter. Esc: anuluj.</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="69" />
        <source>Checking…</source>
        <translation>Sprawdzanie…</translation>
    </message>
</context><context>
    <name>TicketPanel</name>
    <message>
        <location filename="../front/ticket.py" line="45" />
        <source>#</source>
        <translation>Nr</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="46" />
        <source>Qty</source>
        <translation>Ilość</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="47" />
        <source>Item</source>
        <translation>Towar</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="48" />
        <source>Price</source>
        <translation>Cena</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="49" />
        <source>Discount</source>
        <translation>Rabat</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="50" />
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="72" />
        <source>voided</source>
        <translation>storno</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="72" />
        <source>kg</source>
        <translation>kg</translation>
    </message>
</context><context>
    <name>TillMenu</name>
    <message>
        <location filename="../front/menu.py" line="12" />
        <source>Float (change fund)</source>
        <translation>Pogotowie kasowe</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="13" />
        <source>Cash in</source>
        <translation>Wpłata gotówki</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="14" />
        <source>Cash out</source>
        <translation>Wypłata gotówki</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="15" />
        <source>Safe drop</source>
        <translation>Odprowadzenie do sejfu</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="16" />
        <source>Open the drawer</source>
        <translation>Otwórz szufladę</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="17" />
        <source>Closing count</source>
        <translation>Liczenie gotówki na zamknięcie</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="18" />
        <source>X report</source>
        <translation>Raport X</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="19" />
        <source>Reprint a receipt</source>
        <translation>Ponowny wydruk paragonu</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="29" />
        <source>Till</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="30" />
        <source>Drawer and reports: press a digit. Esc: back.</source>
        <translation>Szuflada i raporty: naciśnij cyfrę. Esc: wstecz.</translation>
    </message>
</context><context>
    <name>Time</name>
    <message>
        <location filename="../i18n.py" line="79" />
        <source>never</source>
        <translation>nigdy</translation>
    </message>
</context><context>
    <name>TotalsPanel</name>
    <message>
        <location filename="../front/ticket.py" line="131" />
        <source>TOTAL</source>
        <translation>SUMA</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="149" />
        <source>CHANGE</source>
        <translation>RESZTA</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="165" />
        <source>Discount</source>
        <translation>Rabat</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="166" />
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="167" />
        <source>Offers</source>
        <translation>Promocje</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="168" />
        <source>Paid</source>
        <translation>Zapłacono</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="192" />
        <source>card {number}</source>
        <translation>karta {number}</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="201" />
        <source>Ticket {number} closed.</source>
        <translation>Paragon {number} zamknięty.</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="203" />
        <source>Ticket cancelled.</source>
        <translation>Paragon anulowany.</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="205" />
        <source>Still due: {due}</source>
        <translation>Pozostało do zapłaty: {due}</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="211" />
        <source>Card discount {percent} %</source>
        <translation>Rabat kartowy {percent} %</translation>
    </message>
</context><context>
    <name>Unit</name>
    <message>
        <location filename="../settings/layout.py" line="345" />
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="346" />
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="347" />
        <source>baud</source>
        <translation>bodów</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="348" />
        <source>tickets</source>
        <translation>paragonów</translation>
    </message>
</context><context>
    <name>XReport</name>
    <message>
        <location filename="../front/report.py" line="32" />
        <source>Float</source>
        <translation>Pogotowie kasowe</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="33" />
        <source>+ Cash sales</source>
        <translation>+ Sprzedaż gotówkowa</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="34" />
        <source>- Cash refunds</source>
        <translation>- Zwroty gotówką</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="35" />
        <source>+ Cash in</source>
        <translation>+ Wpłaty</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="36" />
        <source>- Cash out</source>
        <translation>- Wypłaty</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="37" />
        <source>- Safe drops</source>
        <translation>- Odprowadzenia do sejfu</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="40" />
        <source>Cash</source>
        <translation>Gotówka</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="41" />
        <source>Card</source>
        <translation>Karta</translation>
    </message>
</context><context>
    <name>XReportDialog</name>
    <message>
        <location filename="../front/report.py" line="94" />
        <source>X report</source>
        <translation>Raport X</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="97" />
        <source>X report · business day {day} · till {till}</source>
        <translation>Raport X · dzień {day} · kasa {till}</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="102" />
        <source>Tickets</source>
        <translation>Paragony</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="102" />
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Payment</source>
        <translation>Płatność</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="161" />
        <location filename="../front/report.py" line="111" />
        <location filename="../front/report.py" line="105" />
        <source>Sales</source>
        <translation>Sprzedaż</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Refunds</source>
        <translation>Zwroty pieniędzy</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Net</source>
        <translation>Netto</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="110" />
        <source>Cashier</source>
        <translation>Kasjer</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="162" />
        <location filename="../front/report.py" line="112" />
        <source>Returns</source>
        <translation>Zwroty</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="163" />
        <location filename="../front/report.py" line="113" />
        <source>Cancelled</source>
        <translation>Anulowane</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="114" />
        <source>Voided lines</source>
        <translation>Anulowane pozycje</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="115" />
        <source>Approvals</source>
        <translation>Zatwierdzenia</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="122" />
        <source>Close (Esc)</source>
        <translation>Zamknij (Esc)</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="127" />
        <source>The day so far</source>
        <translation>Dzień do tej pory</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="129" />
        <source>By payment method</source>
        <translation>Według formy płatności</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="131" />
        <source>By cashier</source>
        <translation>Według kasjera</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="135" />
        <source>Cash in the drawer</source>
        <translation>Gotówka w szufladzie</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="164" />
        <source>Total</source>
        <translation>Razem</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="183" />
        <source>(no cashier)</source>
        <translation>(bez kasjera)</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="206" />
        <source>= Expected</source>
        <translation>= Oczekiwane</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="215" />
        <source>Counted</source>
        <translation>Policzono</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="216" />
        <source>Difference</source>
        <translation>Różnica</translation>
    </message>
</context></TS>
