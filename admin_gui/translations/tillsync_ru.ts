<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../admin/window.py" line="54" />
        <source>Data</source>
        <translation>Данные</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="55" />
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="61" />
        <source>Import from a file…</source>
        <translation>Импорт из файла…</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="64" />
        <source>Import from the server…</source>
        <translation>Импорт с сервера…</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="67" />
        <source>Revert</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="70" />
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="104" />
        <source>tillsync — till administration</source>
        <translation>tillsync — администрирование кассы</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="114" />
        <source>{path}: the configuration has problems; fix them and save.</source>
        <translation>{path}: в настройках есть ошибки; исправьте их и сохраните.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="126" />
        <source>Store {store}, till {till} — {path}</source>
        <translation>Магазин {store}, касса {till} — {path}</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="136" />
        <source>Wait for the load to finish before saving.</source>
        <translation>Дождитесь окончания загрузки, затем сохраните.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="143" />
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="158" />
        <source>No configuration at {path} yet: fill in the settings and Save.</source>
        <translation>В {path} ещё нет настроек: заполните параметры и сохраните.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="166" />
        <source>{count} setting(s) to fix.</source>
        <translation>Исправьте параметры: {count}.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="168" />
        <source>Unsaved changes.</source>
        <translation>Есть несохранённые изменения.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="179" />
        <source>Configuration file</source>
        <translation>Файл настроек</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="191" />
        <source>Imported; the previous file is kept as {backup}.</source>
        <translation>Импортировано; прежний файл сохранён как {backup}.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="195" />
        <source>Imported.</source>
        <translation>Импортировано.</translation>
    </message>
</context><context>
    <name>Approval</name>
    <message>
        <location filename="../front/supervisor.py" line="16" />
        <source>A return without a receipt</source>
        <translation>Возврат без чека</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="17" />
        <source>Voiding a line after a payment</source>
        <translation>Отмена строки после оплаты</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="18" />
        <source>A copy of a receipt</source>
        <translation>Копия чека</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="19" />
        <source>Opening the drawer without a sale</source>
        <translation>Открытие ящика без продажи</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="20" />
        <source>A cash out above the limit</source>
        <translation>Выдача наличных сверх лимита</translation>
    </message>
</context><context>
    <name>CashDialog</name>
    <message>
        <location filename="../front/cash.py" line="37" />
        <source>Float (change fund)</source>
        <translation>Размен (разменный фонд)</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="38" />
        <source>Cash in</source>
        <translation>Внесение наличных</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="39" />
        <source>Cash out</source>
        <translation>Выдача наличных</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="40" />
        <source>Safe drop</source>
        <translation>Сдача в сейф</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="97" />
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="99" />
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="109" />
        <source>Type the amount, Enter. Esc: cancel.</source>
        <translation>Введите сумму, Enter. Esc: отмена.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="115" />
        <source>Why? Type the reason, Enter.</source>
        <translation>Почему? Введите причину, Enter.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="127" />
        <source>Type the amount first.</source>
        <translation>Сначала введите сумму.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="130" />
        <source>Recording…</source>
        <translation>Запись…</translation>
    </message>
</context><context>
    <name>CashierWindow</name>
    <message>
        <location filename="../front/window.py" line="106" />
        <source>tillsync — till {till}</source>
        <translation>tillsync — касса {till}</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="114" />
        <source>Store {store} · Till {till}</source>
        <translation>Магазин {store} · Касса {till}</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="149" />
        <source>Message from head office:</source>
        <translation>Сообщение из центрального офиса:</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="149" />
        <source>OK (F7)</source>
        <translation>ОК (F7)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="203" />
        <source>Customer / card</source>
        <translation>Клиент / карта</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="204" />
        <source>Return</source>
        <translation>Возврат</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="205" />
        <source>Void line</source>
        <translation>Сторно строки</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="259" />
        <location filename="../front/window.py" line="206" />
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="207" />
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="208" />
        <source>OK message</source>
        <translation>Сообщение прочитано</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="209" />
        <source>Drawer / reports</source>
        <translation>Ящик / отчёты</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="210" />
        <source>Cancel ticket</source>
        <translation>Отменить чек</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="211" />
        <source>Sign out</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="212" />
        <source>Back to scanning</source>
        <translation>Назад к сканированию</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="321" />
        <location filename="../front/window.py" line="243" />
        <source>Nothing to pay: scan items first.</source>
        <translation>Нечего оплачивать: сначала отсканируйте товары.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="246" />
        <source>The ticket is empty.</source>
        <translation>Чек пуст.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="251" />
        <source>Scan</source>
        <translation>Товар</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="252" />
        <source>Scan or type a code, CODE*QTY for a quantity or a weight; Enter.</source>
        <translation>Отсканируйте или введите код, КОД*КОЛ для количества или веса; Enter.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="255" />
        <source>Customer</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="256" />
        <source>Customer code or card (scan, swipe or type); Enter. Esc: back.</source>
        <translation>Код клиента или карта (сканируйте, проведите или введите); Enter. Esc: назад.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="260" />
        <source>Amount received; Enter alone for exactly {due}. Esc: back.</source>
        <translation>Полученная сумма; просто Enter — ровно {due}. Esc: назад.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="265" />
        <source>Cancel?</source>
        <translation>Отменить?</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="266" />
        <source>Enter: cancel the whole ticket. Esc: keep it.</source>
        <translation>Enter: отменить весь чек. Esc: оставить.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="304" />
        <source>Select a line with Up/Down first.</source>
        <translation>Сначала выберите строку стрелками вверх/вниз.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="348" />
        <source>Weighing… put the item on the scale.</source>
        <translation>Взвешивание… положите товар на весы.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="353" />
        <source>Ticket {number} closed. Next customer: scan.</source>
        <translation>Чек {number} закрыт. Следующий покупатель: сканируйте.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="357" />
        <source>Ticket cancelled.</source>
        <translation>Чек отменён.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="359" />
        <source>Still due: {due} (F5 cash, F6 card).</source>
        <translation>Осталось оплатить: {due} (F5 наличные, F6 карта).</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="383" />
        <source>Return {number} recorded.</source>
        <translation>Возврат {number} записан.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="399" />
        <source>Type your code, Enter, then your PIN, Enter.</source>
        <translation>Введите свой код, Enter, затем PIN-код, Enter.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="408" />
        <source>Cashier: {name} ({code})</source>
        <translation>Кассир: {name} ({code})</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="414" />
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="420" />
        <source>Signed in: {name}. Scan.</source>
        <translation>Вход выполнен: {name}. Сканируйте.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="452" />
        <source>Working offline (no server set)</source>
        <translation>Автономная работа (сервер не задан)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="454" />
        <source>Server not answering: selling goes on, tickets wait</source>
        <translation>Сервер не отвечает: продажа продолжается, чеки ждут отправки</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="456" />
        <source>Connected</source>
        <translation>Связь есть</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="461" />
        <source>(+{count} more)</source>
        <translation>(ещё {count})</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="471" />
        <source>Business day {day} open</source>
        <translation>Рабочий день {day} открыт</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="473" />
        <source>A new business day opens at the first sale</source>
        <translation>Новый рабочий день откроется при первой продаже</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="476" />
        <source>Business day {day} closed</source>
        <translation>Рабочий день {day} закрыт</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="477" />
        <source>The business day {day} is closed: no sale until it is opened again.
To open it, the administrator runs  till day open  on this till; then scan.</source>
        <translation>Рабочий день {day} закрыт: продажи невозможны, пока его снова не откроют.
Чтобы открыть его, администратор выполняет  till day open  на этой кассе; затем сканируйте.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="482" />
        <source>Business day {day} ended (Z report)</source>
        <translation>Рабочий день {day} завершён (Z-отчёт)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="483" />
        <source>The business day {day} is closed: its Z report is done, no sale can go in.
The next business day opens by itself at the first scan tomorrow.</source>
        <translation>Рабочий день {day} закрыт: Z-отчёт снят, продажи в него невозможны.
Следующий рабочий день откроется сам при первом сканировании завтра.</translation>
    </message>
</context><context>
    <name>CountDialog</name>
    <message>
        <location filename="../front/cash.py" line="217" />
        <source>{note}: the count is a whole number</source>
        <translation>{note}: количество — целое число</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="147" />
        <location filename="../front/cash.py" line="145" />
        <source>Closing count</source>
        <translation>Пересчёт кассы при закрытии</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="172" />
        <source>Counted</source>
        <translation>Подсчитано</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="173" />
        <source>Expected in the drawer</source>
        <translation>Ожидается в ящике</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="174" />
        <source>Difference</source>
        <translation>Разница</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="175" />
        <source>F10  Record the count</source>
        <translation>F10  Записать пересчёт</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="190" />
        <source>How many of each, Enter for the next; F10 records. Esc: cancel.</source>
        <translation>Сколько каждого номинала, Enter — следующий; F10 — записать. Esc: отмена.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="250" />
        <source>Recording…</source>
        <translation>Запись…</translation>
    </message>
</context><context>
    <name>Desk</name>
    <message>
        <location filename="../front/desk.py" line="134" />
        <source>Not done: no supervisor approved it.</source>
        <translation>Не выполнено: ни один старший кассир не подтвердил.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="207" />
        <source>{what}: {amount} recorded.</source>
        <translation>{what}: {amount} записано.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="229" />
        <source>Drawer opened (recorded).</source>
        <translation>Ящик открыт (записано).</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="250" />
        <source>Count recorded: {counted}, difference {difference}.</source>
        <translation>Пересчёт записан: {counted}, разница {difference}.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="286" />
        <source>Copy {copy} of ticket {number} recorded.</source>
        <translation>Копия {copy} чека {number} записана.</translation>
    </message>
</context><context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="39" />
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <location filename="../errors.py" line="45" />
        <source>System error: {reason}{where}</source>
        <translation>Системная ошибка: {reason}{where}</translation>
    </message>
    <message>
        <location filename="../errors.py" line="49" />
        <source>Database not reachable: {error}</source>
        <translation>База данных недоступна: {error}</translation>
    </message>
    <message>
        <location filename="../errors.py" line="53" />
        <source>Unexpected error (a bug, details in the log): {error}</source>
        <translation>Непредвиденная ошибка (сбой программы, подробности в журнале): {error}</translation>
    </message>
</context><context>
    <name>Field</name>
    <message>
        <location filename="../settings/layout.py" line="248" />
        <source>Store</source>
        <translation>Магазин</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="249" />
        <source>Till</source>
        <translation>Касса</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="250" />
        <source>Folder number (Dossier TPV)</source>
        <translation>Номер папки (Dossier TPV)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="251" />
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="252" />
        <source>Currency</source>
        <translation>Валюта</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="253" />
        <source>Database engine</source>
        <translation>СУБД</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="254" />
        <source>Database file</source>
        <translation>Файл базы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="255" />
        <source>PostgreSQL URL</source>
        <translation>URL PostgreSQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="256" />
        <source>SQL instance</source>
        <translation>Экземпляр SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="257" />
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="258" />
        <source>SQL user</source>
        <translation>Пользователь SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="259" />
        <source>SQL password</source>
        <translation>Пароль SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="260" />
        <source>Integrated (Windows) authentication</source>
        <translation>Встроенная проверка (Windows)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="261" />
        <source>ODBC driver</source>
        <translation>Драйвер ODBC</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="262" />
        <source>Encrypt the connection</source>
        <translation>Шифровать соединение</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="263" />
        <source>Accept any certificate</source>
        <translation>Принимать любой сертификат</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="264" />
        <source>Web-service URL</source>
        <translation>URL веб-службы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="282" />
        <location filename="../settings/layout.py" line="265" />
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="283" />
        <location filename="../settings/layout.py" line="266" />
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="267" />
        <source>Web-service timeout</source>
        <translation>Тайм-аут веб-служб</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="268" />
        <source>Ping timeout</source>
        <translation>Тайм-аут ping</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="269" />
        <source>Look-up timeout</source>
        <translation>Тайм-аут онлайн-запросов</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="270" />
        <source>Tickets per batch</source>
        <translation>Чеков в пакете</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="271" />
        <source>Verify the TLS certificate</source>
        <translation>Проверять сертификат TLS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="272" />
        <source>WS-Security user token</source>
        <translation>Токен пользователя WS-Security</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="273" />
        <source>Serve the other tills</source>
        <translation>Обслуживать другие кассы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="274" />
        <source>Listen on address</source>
        <translation>Адрес прослушивания</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="315" />
        <location filename="../settings/layout.py" line="312" />
        <location filename="../settings/layout.py" line="309" />
        <location filename="../settings/layout.py" line="303" />
        <location filename="../settings/layout.py" line="280" />
        <location filename="../settings/layout.py" line="275" />
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="276" />
        <source>Shared secret</source>
        <translation>Общий секрет</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="277" />
        <source>Hub of the store</source>
        <translation>Хаб магазина</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="278" />
        <source>Protocol</source>
        <translation>Протокол</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="279" />
        <source>Host</source>
        <translation>Хост</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="281" />
        <source>Folder on the server</source>
        <translation>Папка на сервере</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="284" />
        <source>SFTP key file</source>
        <translation>Файл ключа SFTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="285" />
        <source>Trusted host key</source>
        <translation>Доверенный ключ хоста</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="286" />
        <source>Passive mode</source>
        <translation>Пассивный режим</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="287" />
        <source>Download folder</source>
        <translation>Папка загрузок</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="288" />
        <source>Verify the certificate</source>
        <translation>Проверять сертификат</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="289" />
        <source>CA certificates file</source>
        <translation>Файл сертификатов ЦС</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="290" />
        <source>Wait between two ticket syncs</source>
        <translation>Пауза между синхронизациями чеков</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="291" />
        <source>Wait after a web-service error</source>
        <translation>Пауза после ошибки веб-службы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="292" />
        <source>Drip mode (send each ticket at once)</source>
        <translation>Капельный режим (отправлять каждый чек сразу)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="293" />
        <source>Ping interval</source>
        <translation>Интервал ping</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="294" />
        <source>Look for changes every</source>
        <translation>Проверять изменения каждые</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="295" />
        <source>Lockout after three wrong PINs</source>
        <translation>Блокировка после трёх неверных PIN</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="296" />
        <source>Cash out without a supervisor up to</source>
        <translation>Изъятие без старшего кассира до</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="297" />
        <source>Notes and coins counted</source>
        <translation>Пересчитываемые купюры и монеты</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="298" />
        <source>Signing key file</source>
        <translation>Файл ключа подписи</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="299" />
        <source>Sign the journal</source>
        <translation>Подписывать журнал</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="300" />
        <source>Label layout</source>
        <translation>Формат этикетки</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="301" />
        <source>Weight prefixes</source>
        <translation>Префиксы веса</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="302" />
        <source>Price prefixes</source>
        <translation>Префиксы цены</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="304" />
        <source>Scale</source>
        <translation>Весы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="316" />
        <location filename="../settings/layout.py" line="314" />
        <location filename="../settings/layout.py" line="311" />
        <location filename="../settings/layout.py" line="305" />
        <source>Speed</source>
        <translation>Скорость</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="306" />
        <source>Framing</source>
        <translation>Формат кадра</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="307" />
        <source>Answer timeout</source>
        <translation>Тайм-аут ответа</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="308" />
        <source>Wait for a stable weight</source>
        <translation>Ожидание стабильного веса</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="313" />
        <location filename="../settings/layout.py" line="310" />
        <source>Printer</source>
        <translation>Принтер</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="317" />
        <source>Alcohol lines</source>
        <translation>Строки с алкоголем</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="318" />
        <source>Printer answer timeout</source>
        <translation>Тайм-аут ответа принтера</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="319" />
        <source>Receipt and report timeout</source>
        <translation>Тайм-аут чека и отчёта</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="320" />
        <source>Retry the print queue every</source>
        <translation>Повторять очередь печати каждые</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="321" />
        <source>VAT rates of letters A, B, C…</source>
        <translation>Ставки НДС для букв A, B, C…</translation>
    </message>
</context><context>
    <name>FieldHelp</name>
    <message>
        <location filename="../settings/help_catalog.py" line="12" />
        <source>Store code, as the ERP knows it.</source>
        <translation>Код магазина в ERP.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="13" />
        <source>Till code within the store.</source>
        <translation>Код кассы в магазине.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="14" />
        <source>Folder number of the till setup (the vendor's 'Dossier TPV').</source>
        <translation>Номер папки настройки кассы («Dossier TPV» поставщика).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="15" />
        <source>Language of the screens.</source>
        <translation>Язык экранов.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="16" />
        <source>Currency of the till.</source>
        <translation>Валюта кассы.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="17" />
        <source>Database engine.</source>
        <translation>Система управления базой данных.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="18" />
        <source>SQLite database file; a relative path counts from this file's folder.</source>
        <translation>Файл базы SQLite; относительный путь отсчитывается от папки этого файла.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="21" />
        <source>PostgreSQL URL (postgresql+psycopg://host/db); required when engine is postgresql.</source>
        <translation>URL PostgreSQL (postgresql+psycopg://хост/база); обязателен для СУБД postgresql.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="25" />
        <source>SQL Server instance, e.g. SHOP01\SQLEXPRESS; required when engine is mssql.</source>
        <translation>Экземпляр SQL Server, например SHOP01\SQLEXPRESS; обязателен для mssql.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="28" />
        <source>SQL Server database name.</source>
        <translation>Имя базы SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="29" />
        <source>SQL login (mssql: required unless trusted = true; postgresql: when not in the URL).</source>
        <translation>Логин SQL (mssql: обязателен без встроенной проверки; postgresql: если его нет в URL).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="33" />
        <source>Password of the SQL login.</source>
        <translation>Пароль логина SQL.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="34" />
        <source>SQL Server integrated (Windows) authentication instead of a login.</source>
        <translation>Встроенная проверка подлинности SQL Server (Windows) вместо логина.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="37" />
        <source>ODBC driver used to reach SQL Server.</source>
        <translation>Драйвер ODBC для подключения к SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="38" />
        <source>Encrypt the SQL Server connection.</source>
        <translation>Шифровать соединение с SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="39" />
        <source>Accept the SQL Server certificate unverified (test servers only).</source>
        <translation>Принимать сертификат SQL Server без проверки (только тестовые серверы).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="42" />
        <source>SOAP endpoint of the till server; empty = not configured.</source>
        <translation>SOAP-адрес сервера касс; пусто = не настроено.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="43" />
        <source>Web-service user name.</source>
        <translation>Имя пользователя веб-службы.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="44" />
        <source>Web-service password.</source>
        <translation>Пароль веб-службы.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="45" />
        <source>Timeout of web-service operations (SendTickets...).</source>
        <translation>Тайм-аут операций веб-служб (SendTickets...); по умолчанию 60 с.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="46" />
        <source>Timeout of the ping behind the network icon.</source>
        <translation>Тайм-аут ping для значка сети.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="47" />
        <source>Timeout of online look-ups during a sale (offers, messages).</source>
        <translation>Тайм-аут онлайн-запросов во время продажи (акции, сообщения).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="48" />
        <source>Tickets sent per SendTickets call.</source>
        <translation>Чеков за один вызов SendTickets.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="49" />
        <source>Verify the server's TLS certificate (https).</source>
        <translation>Проверять TLS-сертификат сервера (https).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="50" />
        <source>Send a WS-Security username token (user/password).</source>
        <translation>Отправлять токен WS-Security (пользователь/пароль).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="51" />
        <source>Transfer protocol.</source>
        <translation>Протокол передачи.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="52" />
        <source>Server holding the exports; empty = not configured.</source>
        <translation>Сервер с выгрузками; пусто = не настроено.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="53" />
        <source>Server port; 0 = the protocol's (21 ftp/ftps, 22 sftp).</source>
        <translation>Порт сервера; 0 = по протоколу (21 ftp/ftps, 22 sftp).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="54" />
        <source>Folder of the exports on the server.</source>
        <translation>Папка выгрузок на сервере.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="55" />
        <source>Login on the server.</source>
        <translation>Логин на сервере.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="56" />
        <source>Password of the login.</source>
        <translation>Пароль логина.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="57" />
        <source>SFTP private key file; a relative path counts from this file's folder.</source>
        <translation>Файл закрытого ключа SFTP; относительный путь — от папки этого файла.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="60" />
        <source>SFTP server host key, a line or a known_hosts file; required for sftp.</source>
        <translation>Ключ хоста сервера SFTP: строка или файл known_hosts; обязателен для sftp.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="63" />
        <source>Passive mode (ftp/ftps).</source>
        <translation>Пассивный режим (ftp/ftps).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="64" />
        <source>Local folder for downloads in progress; relative to this file's folder.</source>
        <translation>Локальная папка для загрузок; относительно папки этого файла.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="67" />
        <source>Verify the FTPS server certificate.</source>
        <translation>Проверять сертификат сервера FTPS.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="68" />
        <source>CA bundle for FTPS; empty = the system's certificates.</source>
        <translation>Сертификаты ЦС для FTPS; пусто = системные.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="69" />
        <source>Wait between two checks for tickets to send.</source>
        <translation>Пауза между проверками чеков к отправке.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="70" />
        <source>After a web-service error, wait this long before calling it again.</source>
        <translation>После ошибки веб-службы ждать столько перед новым вызовом.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="73" />
        <source>Send each ticket right after it closes.</source>
        <translation>Отправлять каждый чек сразу после закрытия.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="74" />
        <source>Wait between two pings.</source>
        <translation>Пауза между проверками связи.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="75" />
        <source>Wait between two automatic looks for increments; 0 = never.</source>
        <translation>Пауза между автоматическими проверками приращений; 0 = никогда.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="76" />
        <source>Layout: P prefix, I scale number (PLU) listed among the item's barcodes, else item code, V weight or price, C check digit.</source>
        <translation>Формат: P префикс, I номер весов (PLU) из штрихкодов товара, иначе код товара, V вес или цена, C контрольная цифра.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="81" />
        <source>Prefixes of codes carrying a weight.</source>
        <translation>Префиксы кодов с весом.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="82" />
        <source>Prefixes of codes carrying a price.</source>
        <translation>Префиксы кодов с ценой.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="83" />
        <source>Scale port (COM3, /dev/ttyUSB0); empty = none.</source>
        <translation>Порт весов (COM3, /dev/ttyUSB0); пусто = нет.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="84" />
        <source>Scale protocol.</source>
        <translation>Протокол весов.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="85" />
        <source>Scale serial speed.</source>
        <translation>Скорость порта весов.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="86" />
        <source>Scale data bits, parity, stop bits; auto = the protocol's (mettler8217 7E1, cas 8N1).</source>
        <translation>Биты данных, чётность, стоп-биты весов; auto = по протоколу (mettler8217 7E1, cas 8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="90" />
        <source>Longest wait for one answer of the scale.</source>
        <translation>Наибольшее ожидание ответа весов.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="91" />
        <source>How long a weighed item waits for a stable weight.</source>
        <translation>Сколько ждать стабильного веса для весового товара.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="92" />
        <source>Receipt printer port; empty = none.</source>
        <translation>Порт принтера чеков; пусто = нет.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="93" />
        <source>Receipt printer protocol: thermal (Polish fiscal printer) or escpos (slips).</source>
        <translation>Протокол принтера чеков: thermal (польский фискальный) или escpos (квитанции).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="96" />
        <source>Receipt printer serial speed (8N1).</source>
        <translation>Скорость порта принтера чеков (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="97" />
        <source>Printer port for alcohol-sale slips; empty = none.</source>
        <translation>Порт принтера для продаж алкоголя; пусто = нет.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="98" />
        <source>Alcohol printer protocol: thermal or escpos.</source>
        <translation>Протокол принтера для алкоголя: thermal или escpos.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="99" />
        <source>Alcohol printer serial speed (8N1).</source>
        <translation>Скорость порта принтера для алкоголя (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="100" />
        <source>Non-fiscal ESC/POS printer for return slips and receipt copies; empty = the receipt or alcohol printer when it is ESC/POS.</source>
        <translation>Нефискальный принтер ESC/POS для квитанций возврата и копий чеков; пусто = принтер чеков или алкоголя, если он ESC/POS.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="105" />
        <source>Return slip printer serial speed (8N1).</source>
        <translation>Скорость последовательного порта принтера квитанций возврата (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="106" />
        <source>Lines for the alcohol printer: alcohol = items flagged alcohol; single = none.</source>
        <translation>Строки для принтера алкоголя: alcohol = товары с пометкой алкоголь; single = никакие.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="110" />
        <source>Longest wait for a printer's answer to one command.</source>
        <translation>Наибольшее ожидание ответа принтера на команду.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="111" />
        <source>Longest wait for a receipt close or a daily report.</source>
        <translation>Наибольшее ожидание закрытия чека или дневного отчёта.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="112" />
        <source>Wait between two tries of receipts left in the print queue.</source>
        <translation>Пауза между повторами чеков в очереди печати.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="113" />
        <source>VAT rate of letters A, B, C... on ESC/POS slips (fiscal printers report their own).</source>
        <translation>Ставки НДС букв A, B, C... в квитанциях ESC/POS (фискальные принтеры сообщают свои).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="117" />
        <source>Serve the other tills of the store from this till (`till hub serve`).</source>
        <translation>Обслуживать другие кассы магазина с этой кассы (`till hub serve`).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="120" />
        <source>Address the hub listens on (0.0.0.0 = every interface).</source>
        <translation>Адрес, на котором слушает хаб (0.0.0.0 = все интерфейсы).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="121" />
        <source>Port the hub listens on.</source>
        <translation>Порт, на котором слушает хаб.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="122" />
        <source>Shared secret of the store's hub and its tills (16 characters or more).</source>
        <translation>Общий секрет хаба магазина и его касс (не меньше 16 символов).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="125" />
        <source>The store's hub (http://HOST:PORT) for a client till; empty = none.</source>
        <translation>Хаб магазина (http://ХОСТ:ПОРТ) для кассы-клиента; пусто = нет.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="128" />
        <source>After three wrong PINs in a row, the cashier cannot sign in here for this long.</source>
        <translation>После трёх неверных PIN подряд кассир не может войти на этой кассе в течение этого времени.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="132" />
        <source>A cash out above this amount needs a supervisor's approval.</source>
        <translation>Изъятие наличных сверх этой суммы требует одобрения старшего кассира.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="133" />
        <source>Notes and coins of the closing count; empty = the till currency's (EUR, PLN, GBP, CHF, USD, RUB).</source>
        <translation>Купюры и монеты при пересчёте кассы на закрытии; пусто = валюты кассы (EUR, PLN, GBP, CHF, USD, RUB).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="138" />
        <source>The till's private signing key (PEM, mode 0600); empty = till.key next to the SQLite journal, or next to this file for a journal on a server. Relative paths count from this file's folder.</source>
        <translation>Закрытый ключ подписи кассы (PEM, права 0600); пусто = till.key рядом с журналом SQLite или рядом с этим файлом для журнала на сервере. Относительный путь отсчитывается от папки этого файла.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="144" />
        <source>Sign each stored document. Off only to measure what signing costs (bench/sale.py): a journal written unsigned fails `till verify`.</source>
        <translation>Подписывать каждый сохранённый документ. Отключать только для измерения стоимости подписи (bench/sale.py): журнал без подписей не проходит `till verify`.</translation>
    </message>
</context><context>
    <name>HostKeyDialog</name>
    <message>
        <location filename="../settings/hostkey.py" line="23" />
        <source>Confirm the server's host key</source>
        <translation>Подтвердите ключ хоста сервера</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="25" />
        <source>The server offers the key below. Compare its fingerprint with the one the server's owner gives you (ssh-keygen -lf on the server). Trust it only if they are the same.</source>
        <translation>Сервер предъявляет ключ ниже. Сравните его отпечаток с тем, который сообщит владелец сервера (ssh-keygen -lf на сервере). Доверяйте ключу, только если они совпадают.</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="43" />
        <source>Key type</source>
        <translation>Тип ключа</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="44" />
        <source>Fingerprint</source>
        <translation>Отпечаток</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="45" />
        <source>Stored as</source>
        <translation>Будет сохранён как</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="48" />
        <source>Trust this key</source>
        <translation>Доверять этому ключу</translation>
    </message>
</context><context>
    <name>ImportDialog</name>
    <message>
        <location filename="../settings/importing.py" line="45" />
        <source>Import a configuration</source>
        <translation>Импорт настроек</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="46" />
        <source>From: {source}</source>
        <translation>Источник: {source}</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>Setting</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>Now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>After import</source>
        <translation>После импорта</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="63" />
        <source>{count} setting(s) change. The current file is kept as a backup.</source>
        <translation>Изменится параметров: {count}. Текущий файл сохранится как резервная копия.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="67" />
        <source>Nothing changes: the file holds the same settings.</source>
        <translation>Ничего не меняется: в файле те же настройки.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="70" />
        <source>Kept: {keys}. The file leaves them empty, so this till's own stay.</source>
        <translation>Сохранены: {keys}. В файле они пусты, поэтому остаются значения этой кассы.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="78" />
        <source>Apply</source>
        <translation>Применить</translation>
    </message>
</context><context>
    <name>LoadPanel</name>
    <message>
        <location filename="../loading/panel.py" line="48" />
        <source>The export server of the FTP tab</source>
        <translation>Сервер выгрузок со вкладки FTP</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="50" />
        <source>A folder:</source>
        <translation>Папка:</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="54" />
        <source>folder holding the exports</source>
        <translation>папка с выгрузками</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="55" />
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="66" />
        <source>Load from</source>
        <translation>Источник загрузки</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="71" />
        <source>Load data</source>
        <translation>Загрузить данные</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="73" />
        <source>Replace the catalog by the newest full export.</source>
        <translation>Заменить каталог последней полной выгрузкой.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="74" />
        <source>Load changes</source>
        <translation>Загрузить изменения</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="76" />
        <source>Apply the increments after the catalog's sequence.</source>
        <translation>Применить приращения после текущей последовательности каталога.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="77" />
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="88" />
        <source>Idle.</source>
        <translation>Ожидание.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="98" />
        <source>Progress</source>
        <translation>Ход выполнения</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="108" />
        <source>Catalog on this till</source>
        <translation>Каталог этой кассы</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="110" />
        <source>Sequence</source>
        <translation>Последовательность</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="111" />
        <source>Last full export</source>
        <translation>Последняя полная выгрузка</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="112" />
        <source>Last load</source>
        <translation>Последняя загрузка</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="125" />
        <source>Choose the folder holding the exports.</source>
        <translation>Выберите папку с выгрузками.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="136" />
        <source>Fix the configuration and save it first.</source>
        <translation>Сначала исправьте и сохраните настройки.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="141" />
        <source>Starting…</source>
        <translation>Запуск…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="163" />
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="173" />
        <source>Downloading…</source>
        <translation>Скачивание…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="173" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="185" />
        <source>Loading: {done} of {total} rows</source>
        <translation>Загрузка: {done} из {total} строк</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="189" />
        <source>Downloading: {done} of {total} kB</source>
        <translation>Скачивание: {done} из {total} КБ</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="199" />
        <source>Done.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="201" />
        <source>Full export {sequence} loaded: {rows} rows in {seconds} s.</source>
        <translation>Полная выгрузка {sequence} загружена: {rows} строк за {seconds} с.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="203" />
        <source>Changes up to {sequence} loaded: {rows} rows in {seconds} s.</source>
        <translation>Изменения до {sequence} загружены: {rows} строк за {seconds} с.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="205" />
        <source>No new changes: the catalog is up to date (sequence {sequence}).</source>
        <translation>Новых изменений нет: каталог актуален (последовательность {sequence}).</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="221" />
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="223" />
        <source>Load cancelled: the catalog is as it was.</source>
        <translation>Загрузка отменена: каталог не изменился.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="232" />
        <source>Waiting for your answer.</source>
        <translation>Ожидание вашего ответа.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="235" />
        <source>The newest full export there is {sequence}, older than the catalog on this till (sequence {current}). Loading it takes the catalog back from {current} to {sequence}. Load it anyway?</source>
        <translation>Самый новый полный экспорт там — {sequence}, он старше каталога этой кассы (последовательность {current}). Его загрузка вернёт каталог с {current} к {sequence}. Всё равно загрузить?</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="242" />
        <source>Older export</source>
        <translation>Более старый экспорт</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="254" />
        <source>Not loaded: the catalog stays at sequence {current}.</source>
        <translation>Не загружено: каталог остаётся на последовательности {current}.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="263" />
        <source>Failed.</source>
        <translation>Ошибка.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="275" />
        <source>Folder holding the exports</source>
        <translation>Папка с выгрузками</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="291" />
        <source>nothing loaded</source>
        <translation>ничего не загружено</translation>
    </message>
</context><context>
    <name>Network</name>
    <message>
        <location filename="../widgets/network.py" line="35" />
        <source>Server reachable</source>
        <translation>Сервер доступен</translation>
    </message>
    <message>
        <location filename="../widgets/network.py" line="37" />
        <source>Server not answering</source>
        <translation>Сервер не отвечает</translation>
    </message>
    <message>
        <location filename="../widgets/network.py" line="39" />
        <source>Server not checked yet</source>
        <translation>Сервер ещё не проверен</translation>
    </message>
</context><context>
    <name>Option</name>
    <message>
        <location filename="../settings/layout.py" line="326" />
        <source>SQLite file</source>
        <translation>Файл SQLite</translation>
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
        <translation>FTPS (FTP поверх TLS)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="331" />
        <source>SFTP (SSH)</source>
        <translation>SFTP (SSH)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="332" />
        <source>None</source>
        <translation>Нет</translation>
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
        <translation>Как в протоколе</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="336" />
        <source>Thermal (Polish fiscal printer)</source>
        <translation>Thermal (польский фискальный принтер)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="337" />
        <source>ESC/POS (slips)</source>
        <translation>ESC/POS (квитанции)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="338" />
        <source>On the alcohol printer</source>
        <translation>На принтер для алкоголя</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="339" />
        <source>On the main printer</source>
        <translation>На основной принтер</translation>
    </message>
</context><context>
    <name>PinFields</name>
    <message>
        <location filename="../front/signin.py" line="57" />
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="58" />
        <source>PIN</source>
        <translation>PIN-код</translation>
    </message>
</context><context>
    <name>ReprintDialog</name>
    <message>
        <location filename="../front/reprint.py" line="20" />
        <location filename="../front/reprint.py" line="19" />
        <source>Reprint a receipt</source>
        <translation>Повторная печать чека</translation>
    </message>
    <message>
        <location filename="../front/reprint.py" line="32" />
        <source>Receipt</source>
        <translation>Чек</translation>
    </message>
    <message>
        <location filename="../front/reprint.py" line="46" />
        <source>Scan or type the code printed on the receipt (or DAY/NUMBER); Enter.</source>
        <translation>Отсканируйте или введите код с чека (или ДЕНЬ/НОМЕР); Enter.</translation>
    </message>
</context><context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../front/returns.py" line="36" />
        <source>cash</source>
        <translation>наличные</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="37" />
        <source>card</source>
        <translation>карта</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="40" />
        <source>this till</source>
        <translation>эта касса</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="41" />
        <source>the head office server</source>
        <translation>сервер головного офиса</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="42" />
        <source>the store's server</source>
        <translation>сервер магазина</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="69" />
        <location filename="../front/returns.py" line="65" />
        <source>Return</source>
        <translation>Возврат</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="171" />
        <location filename="../front/returns.py" line="76" />
        <source>Receipt</source>
        <translation>Чек</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="95" />
        <source>F9  Everything returnable</source>
        <translation>F9  Всё, что можно вернуть</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="99" />
        <source>F10  Refund</source>
        <translation>F10  Вернуть деньги</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="172" />
        <location filename="../front/returns.py" line="103" />
        <source>F8  Without receipt</source>
        <translation>F8  Без чека</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="173" />
        <location filename="../front/returns.py" line="125" />
        <source>Scan or type the code printed on the receipt; Enter. Esc: close.</source>
        <translation>Отсканируйте или введите код с чека; Enter. Esc: закрыть.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="138" />
        <location filename="../front/returns.py" line="132" />
        <source>#</source>
        <translation>№</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="162" />
        <location filename="../front/returns.py" line="139" />
        <location filename="../front/returns.py" line="132" />
        <source>Item</source>
        <translation>Товар</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="132" />
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="140" />
        <source>Sold</source>
        <translation>Продано</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="141" />
        <source>Returned</source>
        <translation>Возвращено</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="142" />
        <source>Returnable</source>
        <translation>Можно вернуть</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="143" />
        <source>Give back</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="163" />
        <source>F8  With a receipt</source>
        <translation>F8  С чеком</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="165" />
        <source>Without receipt: scan each item given back (CODE*QTY for a quantity); F10 refunds at today's price once a supervisor approves.</source>
        <translation>Без чека: отсканируйте каждый возвращаемый товар (КОД*КОЛ для количества); F10 возвращает деньги по сегодняшней цене после подтверждения старшего кассира.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="195" />
        <source>{count} item(s) to give back. Scan the next, or F10 refunds.</source>
        <translation>Товаров к возврату: {count}. Сканируйте следующий или F10 — вернуть деньги.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="213" />
        <source>Ticket {number} of {day}, found at {where}.</source>
        <translation>Чек {number} от {day}, найден: {where}.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="240" />
        <source>Everything of this ticket was returned already.</source>
        <translation>Всё по этому чеку уже возвращено.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="245" />
        <source>Type the quantity to give back beside each line (Enter: next line), F9 everything; F10 refunds.</source>
        <translation>Введите возвращаемое количество у каждой строки (Enter — следующая), F9 — всё; F10 — вернуть деньги.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="269" />
        <source>Scan the items given back first.</source>
        <translation>Сначала отсканируйте возвращаемые товары.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="278" />
        <location filename="../front/returns.py" line="271" />
        <source>Refunding…</source>
        <translation>Возврат денег…</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="275" />
        <source>Scan or type the receipt first.</source>
        <translation>Сначала отсканируйте или введите чек.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="291" />
        <source>Return {number} recorded. Refund: {refunds}.</source>
        <translation>Возврат {number} записан. Выплата: {refunds}.</translation>
    </message>
</context><context>
    <name>Settings</name>
    <message>
        <location filename="../settings/controller.py" line="108" />
        <source>Not saved: {count} setting(s) to fix first.</source>
        <translation>Не сохранено: сначала исправьте параметры ({count}).</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="129" />
        <source>Test connection</source>
        <translation>Проверить подключение</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="134" />
        <source>Create or upgrade the database</source>
        <translation>Создать или обновить базу</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="140" />
        <source>Test (ping)</source>
        <translation>Проверить (ping)</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="146" />
        <source>Test (list the folder)</source>
        <translation>Проверить (список папки)</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="150" />
        <source>Fetch the server's key…</source>
        <translation>Получить ключ сервера…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="162" />
        <source>Working…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="180" />
        <source>Enter the host first.</source>
        <translation>Сначала введите хост.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="182" />
        <source>Asking {host} for its key…</source>
        <translation>Запрос ключа у {host}…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="190" />
        <source>Compare the key with the server's owner.</source>
        <translation>Сверьте ключ с владельцем сервера.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="196" />
        <source>Host key confirmed; Save to keep it.</source>
        <translation>Ключ хоста подтверждён; сохраните настройки.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="200" />
        <source>Host key not trusted.</source>
        <translation>Ключ хоста отклонён.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="216" />
        <source>The database file does not exist yet: create it.</source>
        <translation>Файла базы ещё нет: создайте его.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="218" />
        <source>Connected; the till's tables are not there yet: create them.</source>
        <translation>Подключено; таблиц кассы ещё нет: создайте их.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="219" />
        <source>Connected; the till's tables are ready.</source>
        <translation>Подключено; таблицы кассы готовы.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="223" />
        <source>The server answers ({ms} ms).</source>
        <translation>Сервер отвечает ({ms} мс).</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="230" />
        <source>{count} file(s) in {folder}: {files}</source>
        <translation>Файлов в {folder}: {count} — {files}</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="113" />
        <source>Save a valid configuration naming the server first.</source>
        <translation>Сначала сохраните правильные настройки с адресом сервера.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="120" />
        <source>Reading the configuration…</source>
        <translation>Чтение настроек…</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="128" />
        <source>Check what the import changes.</source>
        <translation>Проверьте, что изменит импорт.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="134" />
        <source>Import cancelled: nothing changed.</source>
        <translation>Импорт отменён: ничего не изменилось.</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="35" />
        <source>Till</source>
        <translation>Касса</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="39" />
        <source>Identity</source>
        <translation>Идентификация</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="43" />
        <source>Screens and money</source>
        <translation>Экраны и валюта</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="49" />
        <source>In-store barcode labels</source>
        <translation>Штрихкоды магазина</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="56" />
        <source>Cashiers</source>
        <translation>Кассиры</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="58" />
        <source>Cash drawer</source>
        <translation>Денежный ящик</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="62" />
        <source>Signed journal</source>
        <translation>Подписанный журнал</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="70" />
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="73" />
        <source>Engine</source>
        <translation>СУБД</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="75" />
        <source>SQLite file</source>
        <translation>Файл SQLite</translation>
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
        <translation>Аутентификация</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="108" />
        <source>Web services</source>
        <translation>Веб-службы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="112" />
        <source>Till server</source>
        <translation>Сервер касс</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="124" />
        <source>Timeouts and batches</source>
        <translation>Тайм-ауты и пакеты</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="133" />
        <source>Local server mode (store hub)</source>
        <translation>Режим локального сервера (хаб магазина)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="148" />
        <source>FTP</source>
        <translation>FTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="152" />
        <source>Export server</source>
        <translation>Сервер выгрузок</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="156" />
        <source>Login</source>
        <translation>Вход</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="162" />
        <source>SFTP host key</source>
        <translation>Ключ хоста SFTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="167" />
        <source>FTPS certificate</source>
        <translation>Сертификат FTPS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="171" />
        <source>On this till</source>
        <translation>На этой кассе</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="178" />
        <source>Timings</source>
        <translation>Интервалы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="182" />
        <source>Synchronisation</source>
        <translation>Синхронизация</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="196" />
        <source>Devices</source>
        <translation>Устройства</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="200" />
        <source>Scale</source>
        <translation>Весы</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="211" />
        <source>Receipt printer</source>
        <translation>Принтер чеков</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="221" />
        <source>Alcohol printer</source>
        <translation>Принтер для алкоголя</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="230" />
        <source>Return slip printer</source>
        <translation>Принтер квитанций возврата</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="234" />
        <source>Printing</source>
        <translation>Печать</translation>
    </message>
    <message>
        <location filename="../settings/editors.py" line="145" />
        <source>not set</source>
        <translation>не задан</translation>
    </message>
    <message>
        <location filename="../settings/editors.py" line="150" />
        <source>default {value}</source>
        <translation>по умолчанию {value}</translation>
    </message>
</context><context>
    <name>SignIn</name>
    <message>
        <location filename="../front/signin.py" line="23" />
        <source>{code} is locked at this till until {until} (too many wrong PINs).</source>
        <translation>{code} заблокирован на этой кассе до {until} (слишком много неверных PIN-кодов).</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="27" />
        <source>Wrong PIN for {code}. Wrong PINs left before the lock: {left}.</source>
        <translation>Неверный PIN-код для {code}. Неверных попыток до блокировки: {left}.</translation>
    </message>
</context><context>
    <name>SignInPanel</name>
    <message>
        <location filename="../front/signin.py" line="93" />
        <source>Sign in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="118" />
        <source>Type your code, Enter, then your PIN, Enter.</source>
        <translation>Введите свой код, Enter, затем PIN-код, Enter.</translation>
    </message>
</context><context>
    <name>StatusPanel</name>
    <message>
        <location filename="../status/panel.py" line="294" />
        <location filename="../status/panel.py" line="51" />
        <source>Not checked yet.</source>
        <translation>Ещё не проверено.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="54" />
        <source>Ping now</source>
        <translation>Проверить связь</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="61" />
        <source>Automatic (the hub when the gateway does not answer)</source>
        <translation>Автоматически (хаб, когда шлюз не отвечает)</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="62" />
        <source>Gateway only</source>
        <translation>Только шлюз</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="63" />
        <source>Hub only</source>
        <translation>Только хаб</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="72" />
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="76" />
        <source>Connection to the till server</source>
        <translation>Связь с сервером касс</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="95" />
        <source>Send tickets now</source>
        <translation>Отправить чеки сейчас</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="98" />
        <source>Tickets to send</source>
        <translation>Чеки к отправке</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="100" />
        <source>Waiting</source>
        <translation>Ожидают</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="101" />
        <source>Oldest waiting since</source>
        <translation>Самый старый ждёт с</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="102" />
        <source>Last sync</source>
        <translation>Последняя синхронизация</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="103" />
        <source>Receipts waiting to print</source>
        <translation>Чеки в очереди печати</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="114" />
        <source>Ticket</source>
        <translation>Чек</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="115" />
        <source>Day / number</source>
        <translation>День / номер</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="116" />
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="117" />
        <source>Tries</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="118" />
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="128" />
        <source>Retry selected</source>
        <translation>Повторить выбранные</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="131" />
        <source>Retry all</source>
        <translation>Повторить все</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="148" />
        <source>Quarantined tickets (refused by the server)</source>
        <translation>Чеки в карантине (отклонены сервером)</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Received</source>
        <translation>Получено</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Seen by the cashier</source>
        <translation>Прочитано кассиром</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="165" />
        <source>Messages from head office</source>
        <translation>Сообщения из центрального офиса</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="246" />
        <source>Select the tickets to retry first.</source>
        <translation>Сначала выберите чеки для повтора.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="255" />
        <source>{count} ticket(s) back in the outbox.</source>
        <translation>Возвращено в очередь отправки: {count}.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="285" />
        <source>in use: the gateway</source>
        <translation>используется: шлюз</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="285" />
        <source>in use: the hub</source>
        <translation>используется: хаб</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="292" />
        <source>No web-service URL set (Web services tab).</source>
        <translation>Адрес веб-службы не задан (вкладка «Веб-службы»).</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="296" />
        <source>Server reachable. Last ping: {time}.</source>
        <translation>Сервер доступен. Последняя проверка: {time}.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="300" />
        <source>Server not answering since the ping at {time}: {error}</source>
        <translation>Сервер не отвечает с проверки в {time}: {error}</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="308" />
        <source>{count} ticket(s) of the store's other tills were refused by the gateway and are held here, not relayed: see the reasons below, fix, then Retry.</source>
        <translation>{count} чек(ов) других касс магазина отклонены шлюзом и задержаны здесь, не переданы: см. причины ниже, исправьте и нажмите «Повторить».</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="335" />
        <source>not yet</source>
        <translation>ещё нет</translation>
    </message>
</context><context>
    <name>SupervisorPrompt</name>
    <message>
        <location filename="../front/supervisor.py" line="38" />
        <source>Supervisor approval</source>
        <translation>Подтверждение старшего кассира</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="39" />
        <source>{action} needs a supervisor.</source>
        <translation>{action}: нужен старший кассир.</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="61" />
        <source>Supervisor: your code, Enter, your PIN, Enter. Esc: cancel.</source>
        <translation>Старший кассир: ваш код, Enter, PIN-код, Enter. Esc: отмена.</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="69" />
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
</context><context>
    <name>TicketPanel</name>
    <message>
        <location filename="../front/ticket.py" line="45" />
        <source>#</source>
        <translation>№</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="46" />
        <source>Qty</source>
        <translation>Кол.</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="47" />
        <source>Item</source>
        <translation>Товар</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="48" />
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="49" />
        <source>Discount</source>
        <translation>Скидка</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="50" />
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="72" />
        <source>voided</source>
        <translation>сторно</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="72" />
        <source>kg</source>
        <translation>кг</translation>
    </message>
</context><context>
    <name>TillMenu</name>
    <message>
        <location filename="../front/menu.py" line="12" />
        <source>Float (change fund)</source>
        <translation>Размен (разменный фонд)</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="13" />
        <source>Cash in</source>
        <translation>Внесение наличных</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="14" />
        <source>Cash out</source>
        <translation>Выдача наличных</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="15" />
        <source>Safe drop</source>
        <translation>Сдача в сейф</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="16" />
        <source>Open the drawer</source>
        <translation>Открыть ящик</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="17" />
        <source>Closing count</source>
        <translation>Пересчёт кассы при закрытии</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="18" />
        <source>X report</source>
        <translation>X-отчёт</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="19" />
        <source>Reprint a receipt</source>
        <translation>Повторная печать чека</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="29" />
        <source>Till</source>
        <translation>Касса</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="30" />
        <source>Drawer and reports: press a digit. Esc: back.</source>
        <translation>Ящик и отчёты: нажмите цифру. Esc: назад.</translation>
    </message>
</context><context>
    <name>Time</name>
    <message>
        <location filename="../i18n.py" line="79" />
        <source>never</source>
        <translation>никогда</translation>
    </message>
</context><context>
    <name>TotalsPanel</name>
    <message>
        <location filename="../front/ticket.py" line="131" />
        <source>TOTAL</source>
        <translation>ИТОГО</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="149" />
        <source>CHANGE</source>
        <translation>СДАЧА</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="165" />
        <source>Discount</source>
        <translation>Скидка</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="166" />
        <source>Customer</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="167" />
        <source>Offers</source>
        <translation>Акции</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="168" />
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="192" />
        <source>card {number}</source>
        <translation>карта {number}</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="201" />
        <source>Ticket {number} closed.</source>
        <translation>Чек {number} закрыт.</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="203" />
        <source>Ticket cancelled.</source>
        <translation>Чек отменён.</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="205" />
        <source>Still due: {due}</source>
        <translation>Осталось оплатить: {due}</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="211" />
        <source>Card discount {percent} %</source>
        <translation>Скидка по карте {percent} %</translation>
    </message>
</context><context>
    <name>Unit</name>
    <message>
        <location filename="../settings/layout.py" line="345" />
        <source>s</source>
        <translation>с</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="346" />
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="347" />
        <source>baud</source>
        <translation>бод</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="348" />
        <source>tickets</source>
        <translation>чеков</translation>
    </message>
</context><context>
    <name>XReport</name>
    <message>
        <location filename="../front/report.py" line="32" />
        <source>Float</source>
        <translation>Размен</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="33" />
        <source>+ Cash sales</source>
        <translation>+ Продажи за наличные</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="34" />
        <source>- Cash refunds</source>
        <translation>- Возвраты наличными</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="35" />
        <source>+ Cash in</source>
        <translation>+ Внесения</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="36" />
        <source>- Cash out</source>
        <translation>- Выдачи</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="37" />
        <source>- Safe drops</source>
        <translation>- Сдача в сейф</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="40" />
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="41" />
        <source>Card</source>
        <translation>Карта</translation>
    </message>
</context><context>
    <name>XReportDialog</name>
    <message>
        <location filename="../front/report.py" line="94" />
        <source>X report</source>
        <translation>X-отчёт</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="97" />
        <source>X report · business day {day} · till {till}</source>
        <translation>X-отчёт · операционный день {day} · касса {till}</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="102" />
        <source>Tickets</source>
        <translation>Чеки</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="102" />
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="161" />
        <location filename="../front/report.py" line="111" />
        <location filename="../front/report.py" line="105" />
        <source>Sales</source>
        <translation>Продажи</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Refunds</source>
        <translation>Возвраты денег</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Net</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="110" />
        <source>Cashier</source>
        <translation>Кассир</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="162" />
        <location filename="../front/report.py" line="112" />
        <source>Returns</source>
        <translation>Возвраты</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="163" />
        <location filename="../front/report.py" line="113" />
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="114" />
        <source>Voided lines</source>
        <translation>Отменённые строки</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="115" />
        <source>Approvals</source>
        <translation>Подтверждения</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="122" />
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="127" />
        <source>The day so far</source>
        <translation>День на текущий момент</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="129" />
        <source>By payment method</source>
        <translation>По способам оплаты</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="131" />
        <source>By cashier</source>
        <translation>По кассирам</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="135" />
        <source>Cash in the drawer</source>
        <translation>Наличные в ящике</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="164" />
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="183" />
        <source>(no cashier)</source>
        <translation>(без кассира)</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="206" />
        <source>= Expected</source>
        <translation>= Ожидается</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="215" />
        <source>Counted</source>
        <translation>Подсчитано</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="216" />
        <source>Difference</source>
        <translation>Разница</translation>
    </message>
</context></TS>
