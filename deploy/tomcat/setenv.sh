# $CATALINA_BASE/bin/setenv.sh: sourced by catalina.sh at every start. wshub reads WSHUB_* environment variables
# first, then -Dwshub.* system properties, then context parameters (see the README's settings table).

# who a client is: the login Tomcat checked against its realm (conf/tomcat-users.xml, see tomcat-users.xml here);
# a browser logs in at /wshub/login/, a script sends Authorization: Basic on the handshake
export WSHUB_AUTH=container
# the rooms each role may use: team-* for wshub-team, every room for wshub-user
export WSHUB_ROOM_ROLES="team-*=wshub-team,*=wshub-user"
# pages served from another host must be listed (comma-separated, exact origins)
export WSHUB_ALLOWED_ORIGINS="https://chat.example.com"
# the names requests may use (Host header); loopback names always pass, anything else gets 421
export WSHUB_ALLOWED_HOSTS="chat.example.com"
# behind a proxy on the same machine every publisher looks like loopback: require a token
export WSHUB_PUBLISH_TOKEN="change-me"
# the proxy's read timeout must stay above this (nginx config: 60 s)
export WSHUB_PING_INTERVAL_SECONDS=25

# the JVM: wshub's memory is mostly per-connection outboxes and room history; a fixed heap, touched in full at
# start, so that no page faults land on the message path later. Out of memory, it writes a heap dump to logs/ and
# exits, for the service manager to start it again, rather than staying up without answering
export CATALINA_OPTS="$CATALINA_OPTS -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError"
export CATALINA_OPTS="$CATALINA_OPTS -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=$CATALINA_BASE/logs"
