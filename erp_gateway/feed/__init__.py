"""The ERP feed: every document the gateway stores, handed to the ERP exactly once, in
order of arrival, through sinks (SQL staging tables, batch files, a message broker).

    arrivals   the gateway-side order of arrival over every stored document (the feed's
               sequence), and the state the gateway keeps for its sinks
    records    a stretch of that order read back as documents (plain data)
    staging    the staging tables of a sql sink, column by column, and a document's rows
    sinks      the Sink protocol and opening a configured sink
    sql_sink, files_sink, amqp_sink   the three kinds of sink
    rounds     one round of one sink (what a scheduler or a job lease wraps), and the
               status, rewind, errors and retry the CLI shows
"""
