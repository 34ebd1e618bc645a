"use client";

import { useEffect, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

type Permission = NotificationPermission | "unsupported";

function readPermission(): Permission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Offers browser notifications for finished trainings; says so when they are on or blocked. */
export function NotificationToggle() {
  // Unknown until mounted: the server cannot know the browser's permission.
  const [permission, setPermission] = useState<Permission | null>(null);
  useEffect(() => setPermission(readPermission()), []);

  if (permission === null || permission === "unsupported") return null;
  if (permission === "granted") {
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="notifications-state">
        Browser notifications are on for finished trainings.
      </p>
    );
  }
  if (permission === "denied") {
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="notifications-state">
        Browser notifications are blocked; allow them in the site settings to be told when training ends.
      </p>
    );
  }
  return (
    <button
      type="button"
      data-testid="enable-notifications"
      className={buttonStyles.ghost}
      onClick={async () => setPermission(await Notification.requestPermission())}
    >
      <svg width="14" height="14" viewBox="0 0 16 16" fill="none" aria-hidden="true">
        <path
          d="M8 2a4 4 0 0 0-4 4v2.5L2.5 11h11L12 8.5V6a4 4 0 0 0-4-4zM6.5 13a1.5 1.5 0 0 0 3 0"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
      </svg>
      Enable notifications
    </button>
  );
}
