#!/bin/sh
# A single-node Slurm on this machine, for `make test-slurm` (the Slurm executor's test against a real Slurm).
#
#   Scripts/slurm_local.sh start   # munge key, munged, slurmctld, slurmd; prints the SLURM_CONF to export
#   Scripts/slurm_local.sh stop    # stops what start started (by the pid files it wrote)
#
# Needs root and Debian's slurm-wlm and munge (bookworm: apt-get install slurm-wlm munge). Everything lives in
# $SLURM_LOCAL_DIR (default /tmp/spokend-slurm): the config, state, spool and logs; the munge key is
# /etc/munge/munge.key (generated if missing). The config is the minimal one the issue names: auth/munge,
# proctrack/linuxproc, task/none, select/cons_tres, one node with this machine's CPUs and memory, one default
# partition. There is no accounting database, so `sacct` has nothing to say; the executor then reports a failed
# task by the end of its output file alone.
set -eu
dir=${SLURM_LOCAL_DIR:-/tmp/spokend-slurm}
conf=$dir/slurm.conf

start() {
    for tool in munged slurmctld slurmd sbatch squeue; do
        command -v $tool >/dev/null || { echo "slurm_local.sh: $tool not found (apt-get install slurm-wlm munge)" >&2; exit 1; }
    done
    mkdir -p "$dir/state" "$dir/spool" "$dir/log" /run/munge /var/lib/munge /var/log/munge /etc/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge /etc/munge 2>/dev/null || true
    if [ ! -s /etc/munge/munge.key ]; then
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
        chown munge:munge /etc/munge/munge.key 2>/dev/null || true
        chmod 400 /etc/munge/munge.key
    fi
    if ! [ -s /run/munge/munged.pid ] || ! kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null; then
        if id munge >/dev/null 2>&1; then runuser -u munge -- munged; else munged --force; fi
    fi
    host=$(hostname -s)
    cpus=$(nproc)
    memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
    cat > "$conf" <<CONF
ClusterName=spokend
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    slurmctld -f "$conf"
    slurmd -f "$conf"
    # Up when the node is idle (at most 30 s).
    tries=0
    until SLURM_CONF=$conf sinfo --noheader --format=%T 2>/dev/null | grep -q idle; do
        tries=$((tries + 1))
        [ $tries -le 60 ] || { echo "slurm_local.sh: the node did not come up; see $dir/log/" >&2; exit 1; }
        sleep 0.5
    done
    echo "export SLURM_CONF=$conf"
}

stop() {
    for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    [ -s /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
